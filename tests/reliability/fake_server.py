"""`python tests/reliability/fake_server.py PORT DATA_DIR`: the app over the fake answer service (no model, starts
at once; "boom" raises inside the route), served by uvicorn with the options `assistant serve` gives it."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE.parent / "api")]

import uvicorn  # noqa: E402
from api_fakes import FakeService  # noqa: E402

import api.server  # noqa: E402
from api.app import create_app  # noqa: E402
from assistant.config import Settings  # noqa: E402

if __name__ == "__main__":
    settings = Settings(data_dir=Path(sys.argv[2]))
    # (getattr: the same script also serves the code from before these options, to show the findings)
    options = getattr(api.server, "uvicorn_options", lambda _: {})(settings)
    uvicorn.run(create_app(settings, FakeService()), host="127.0.0.1", port=int(sys.argv[1]), **options)  # type: ignore[arg-type]
