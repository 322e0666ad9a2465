"""What an error tells a user about a bug in their own file: whether it names the bug's file and line,
whether its traceback reaches the bug's frame, and how many frames of framework code stand between the
user's outermost frame and the frame that raised it. A measurable proxy for how hard debugging is, not
the whole of it: messages are judged by whether they point at the line, not by how clear they read."""
from __future__ import annotations

import re
import traceback
from pathlib import Path

MARKER = "# the bug:"
MESSAGE_CHARS = 1000
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")  # Keras emboldens its messages on terminals


def bug_line(user_file: Path) -> int:
    """The number of the line of `user_file` that carries MARKER."""
    for number, line in enumerate(Path(user_file).read_text().splitlines(), start=1):
        if MARKER in line:
            return number
    raise LookupError(f"{user_file} has no line marked {MARKER!r}")


def shown(error: BaseException, user_file: Path, line: int) -> dict:
    """What `error`, caught by the caller of the user's code, shows about the bug at `user_file`:`line`.
    Python prints the traceback of every chained error and their messages: `printed_lines` counts them,
    and `names_bug_line` looks for the bug's location anywhere in them."""
    user_file = str(Path(user_file).resolve())
    frames = traceback.extract_tb(error.__traceback__)[1:]  # the first frame is the caller's own
    in_user = [str(Path(frame.filename).resolve()) == user_file for frame in frames]
    printed = "".join(traceback.format_exception(error))
    raised = frames[-1] if frames else None
    return {
        "error_type": _qualified(type(error)),
        "message": ANSI_ESCAPE.sub("", str(error))[:MESSAGE_CHARS],
        "names_bug_line": f'File "{user_file}", line {line}' in printed,
        "bug_frame_in_traceback": any(user and frame.lineno == line for user, frame in zip(in_user, frames)),
        "traceback_frames": len(frames),
        # None when no frame of the traceback is in the user's file: the error never shows their code.
        "framework_frames": in_user[in_user.index(True):].count(False) if True in in_user else None,
        "raised_at": f"{_short(raised.filename)}:{raised.lineno}" if raised else None,
        "printed_lines": len(printed.splitlines()),
    }


def _qualified(kind: type) -> str:
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def _short(filename: str) -> str:
    """An installed package's file from its package folder on; any other file by its name."""
    _, found, tail = filename.rpartition("site-packages/")
    return tail if found else Path(filename).name
