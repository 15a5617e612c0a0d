"""`citewise score` output: one line per page, lowest score first (engine/score.py scores)."""

from __future__ import annotations


def render_scores(scores: dict[str, PageScore], output_format: str = "text") -> str:
    """`citewise score`: one line per page, lowest score first, then the mean."""
    ordered = sorted(scores.values(), key=lambda s: (s.score, s.path))
    if output_format == "json":
        from citewise.reporters import dump_json

        return dump_json([s.as_dict() for s in ordered], indent=2) + "\n"
    lines = []
    for s in ordered:
        detail = ""
        if s.findings:
            lost = ", ".join(f"{name} -{value:.0f}" for name, value in
                             sorted(s.penalties.items(), key=lambda kv: -kv[1]))
            noun = "finding" if s.findings == 1 else "findings"
            detail = f"  ({s.findings} {noun}{': ' + lost if lost else ''})"
        from citewise.reporters import one_line

        lines.append(f"{s.score:>3}  {one_line(s.path)}{detail}")
    if ordered:
        mean = sum(s.score for s in ordered) / len(ordered)
        noun = "page" if len(ordered) == 1 else "pages"
        lines.append(f"Mean citability score {mean:.0f} over {len(ordered)} {noun} "
                     f"(a heuristic, see docs/score.md).")
    return "\n".join(lines) + "\n" if lines else ""
