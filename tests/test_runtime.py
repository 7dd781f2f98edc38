import json
import subprocess

from kota.runtime import _forget_dead_handles


def test_dead_processes_are_dropped_from_the_embedded_servers_users(tmp_path):
    finished = subprocess.Popen(["true"])
    finished.wait()
    handles = tmp_path / ".handle_pids.json"
    handles.write_text(json.dumps([1, finished.pid]))

    _forget_dead_handles(tmp_path)

    assert json.loads(handles.read_text()) == [1]
