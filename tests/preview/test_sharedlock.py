"""The site lock as the preview's threads share it (`preview/sharedlock.py`): a
review write does not wait for the preview's own build, waits for another
command, and the system lock is given back when the last thread is done."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from generator.build.lock import Busy, site_lock
from generator.preview.sharedlock import SharedLock


def test_the_preview_threads_share_the_lock_and_give_it_back(tmp_path: Path) -> None:
    lock = SharedLock(tmp_path, lambda line: None)
    inside, leave = threading.Event(), threading.Event()

    def review_write() -> None:
        with lock.hold():
            inside.set()
            leave.wait(5)

    with lock.hold():  # the build thread
        writer = threading.Thread(target=review_write)
        writer.start()
        assert inside.wait(2), "a review write waited for the preview's own build"
        with pytest.raises(Busy), site_lock(tmp_path, wait=False):  # other commands are kept off
            pass
    with pytest.raises(Busy), site_lock(tmp_path, wait=False):  # while any thread holds it
        pass
    leave.set()
    writer.join()
    with site_lock(tmp_path, wait=False):  # given back once the last is done
        pass


def test_another_command_is_waited_for(tmp_path: Path) -> None:
    said: list[str] = []
    lock = SharedLock(tmp_path, said.append)
    done = threading.Event()

    def write() -> None:
        with lock.hold():
            done.set()

    with site_lock(tmp_path):  # `extract --refresh` in another terminal
        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(0.5)
        assert not done.is_set()
    assert done.wait(5) and said and "waiting for another command" in said[0]
    writer.join()
    with site_lock(tmp_path, wait=False):  # given back once its holder is done
        pass
