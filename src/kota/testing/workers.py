"""Real Redis and a real Celery worker for tests and benchmarks that exercise background
work the way production runs it."""

import os
import subprocess
import sys

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def reachable_redis_url() -> str | None:
    """REDIS_URL (or the local default) if a Redis server answers there, else None."""
    import redis

    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return None
    return url


def celery_worker_start(
    *, queue: str, redis_url: str, env: dict[str, str], include: tuple[str, ...] = ()
) -> subprocess.Popen:
    """A single-process worker consuming only ``queue``, so it never takes other work."""
    command = [
        sys.executable, "-m", "celery", "-A", "kota.config", "worker", "--pool", "solo",
        "-Q", queue, "--loglevel", os.environ.get("KOTA_TEST_WORKER_LOGLEVEL", "WARNING"),
        "--without-heartbeat", "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    for module in include:
        command += ["-I", module]
    worker_env = {**os.environ, **env, "REDIS_URL": redis_url, "KOTA_TASKS_EAGER": "0"}
    return subprocess.Popen(command, env=worker_env)  # noqa: S603 - fixed command
