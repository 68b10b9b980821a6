"""The README's Python examples run as written, and its Quick start matches CI."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_python_examples_run() -> None:
    examples = blocks("python")
    assert examples, "README has no python example"
    for code in examples:
        exec(compile(code, "README.md", "exec"), {})


def test_quick_start_has_two_commands_and_ci_runs_the_test_command() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [
        line.split("#", 1)[0].strip()
        for block in re.findall(r"```bash\n(.*?)```", quick, flags=re.S)
        for line in block.splitlines()
        if line.strip()
    ]
    assert len(commands) == 2, commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'exec "$(dirname "$0")/../' + commands[1] + '"' in ci, (commands[1], ci)
