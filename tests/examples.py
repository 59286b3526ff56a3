"""Examples people are shown, found and run: the README's blocks and every
command's --help `Example:` lines, run as a shell would, in one folder."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from thidua.cli import main

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
# Commands that run until they are stopped: started, left to run, then stopped.
UNTIL_STOPPED = {("projections", "follow"), ("serve",)}
# Placeholders the text shows for what only a run can know.
PUBLIC_KEY = re.compile(r"^(<public-key>|[0-9a-f]{6,63}…)$")


@dataclass(frozen=True)
class Example:
    line: str
    refused: bool = False


@dataclass(frozen=True)
class Block:
    where: str
    examples: tuple[Example, ...]

    @property
    def records_the_demo(self) -> bool:
        return any(["demo"] in commands(e.line) for e in self.examples)


def _joined(lines: list[str]) -> Iterator[str]:
    """Logical lines: a trailing backslash continues a line."""
    current = ""
    for raw in lines:
        text = raw.strip()
        if text.endswith("\\"):
            current += text[:-1] + " "
            continue
        current += text
        if current:
            yield current
        current = ""


def _announced(line: str) -> bool:
    comment = line.partition(" # ")[2] if " # " in line else ""
    return comment.strip().lower().startswith("refused")


def readme_blocks() -> list[Block]:
    blocks = []
    text = README.read_text("utf-8")
    for number, match in enumerate(
        re.finditer(r"```(sh|console)\n(.*?)```", text, re.S), start=1
    ):
        kind, body = match[1], match[2].splitlines()
        if kind == "sh":
            examples = [Example(line, _announced(line)) for line in _joined(body)]
        else:
            examples = []
            for index, line in enumerate(body):
                if not line.startswith("$ "):
                    continue
                output = []
                for later in body[index + 1 :]:
                    if later.startswith("$ "):
                        break
                    output.append(later)
                refused = any(out.startswith("Error:") for out in output)
                examples.append(Example(line[2:], refused))
        if any(commands(e.line) for e in examples):
            blocks.append(Block(f"README block {number}", tuple(examples)))
    return blocks


def help_blocks() -> list[Block]:
    blocks = []

    def visit(command: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                visit(sub, (*path, name))
        help_text = command.help or ""
        _, found, after = help_text.partition("Example:")
        if not found:
            return
        lines = [line for line in after.splitlines() if line.startswith("      ")]
        examples = [Example(line, _announced(line)) for line in _joined(lines)]
        examples = [e for e in examples if e.line.startswith("thidua")]
        if examples:
            blocks.append(Block(" ".join(("thidua", *path)), tuple(examples)))

    visit(main, ())
    return blocks


def commands(line: str) -> list[list[str]]:
    """The thidua commands of a shell line (joined by &&), without `thidua`."""
    words = shlex.split(line.replace("<public key>", "<public-key>"), comments=True)
    found, current = [], []
    for word in [*words, "&&"]:
        if word == "&&":
            if current and current[0] == "thidua":
                found.append(current[1:])
            current = []
        else:
            current.append(word)
    return found


class Session:
    """Runs the lines of one block in order, in one folder."""

    def __init__(self, folder: Path, postgres: str | None) -> None:
        self.folder = folder
        self.postgres = postgres
        self.public_key = ""

    def run(self, example: Example) -> None:
        for args in commands(example.line):
            code, stdout, output = self.invoke(args)
            if args[:2] == ["keys", "generate"]:
                self.public_key = stdout.strip()
            assert (code != 0) == example.refused, (
                f"{example.line!r} exited {code}"
                f" ({'announced' if example.refused else 'not announced'}):\n{output}"
            )
            assert "Traceback" not in output, output

    def invoke(self, args: list[str]) -> tuple[int, str, str]:
        """Exit code, standard output, and everything printed."""
        args = [self.public_key if PUBLIC_KEY.match(a) else a for a in args]
        args = [self._store(a) for a in args]
        target = None
        if ">" in args:
            at = args.index(">")
            args, target = args[:at], args[at + 1]
        if tuple(a for a in args if not a.startswith("-"))[-2:] in UNTIL_STOPPED:
            return self._until_stopped(args)
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        if target is not None:
            Path(target).write_text(result.stdout, "utf-8")
        return result.exit_code, result.stdout, result.output

    def _store(self, word: str) -> str:
        """The docs' PostgreSQL server stands for the test's own."""
        if not word.startswith("postgresql://") or "@db:" not in word:
            return word
        if self.postgres is None:
            pytest.skip("the example names a PostgreSQL server, and none is set up")
        return self.postgres

    def _until_stopped(self, args: list[str]) -> tuple[int, str, str]:
        command = [sys.executable, "-c", "from thidua.cli import main; main()", *args]
        with subprocess.Popen(
            command, cwd=self.folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env=os.environ.copy(), text=True,
        ) as process:  # fmt: skip
            time.sleep(3)
            process.send_signal(signal.SIGINT)
            output, _ = process.communicate(timeout=30)
        return process.returncode, output, output


def every_command() -> Iterator[str]:
    """`thidua noun verb` of every command that does something."""

    def leaves(command: click.Command, path: tuple[str, ...]) -> Iterator[str]:
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                yield from leaves(sub, (*path, name))
        else:
            yield " ".join(("thidua", *path))

    return leaves(main, ())
