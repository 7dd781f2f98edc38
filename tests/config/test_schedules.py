from kota.config.celery import app
from kota.config.schedules import BEAT_SCHEDULE


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()

    assert BEAT_SCHEDULE
    for entry in BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
