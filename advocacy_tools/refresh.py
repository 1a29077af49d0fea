"""Build the project with `dbt build` and, when the build succeeds, publish its marts for the dashboard.

`python -m advocacy_tools.refresh [dbt build arguments]`, or `bin/refresh`. A scheduler runs this in
place of a bare `dbt build`. The dashboard reads only the published copy (see advocacy_tools.publish),
so the build never meets a reader's lock, and a failed build leaves the last good copy in place.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from advocacy_tools.publish import build_database_path, publish, published_database_path, read_run_results

DBT = Path(sys.executable).with_name("dbt")


def main(argv: Sequence[str] | None = None) -> int:
    dbt_arguments = list(sys.argv[1:] if argv is None else argv)
    target_path = Path(os.environ.get("DBT_TARGET_PATH", "target"))
    published_database = published_database_path()

    build = subprocess.run([str(DBT), "build", *dbt_arguments], check=False)
    if build.returncode != 0:
        print(
            f"refresh: dbt build failed (exit code {build.returncode}); {published_database} still holds the last"
            " good build",
            file=sys.stderr,
        )
        return build.returncode

    info = publish(build_database_path(), published_database, read_run_results(target_path))
    print(
        f"refresh: {published_database} now holds the build of {info.built_at:%Y-%m-%d %H:%M:%S %Z}"
        f" (scores up to {info.as_of_date})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
