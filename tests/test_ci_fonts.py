""".ci/run installs fonts-noto-core only on a machine without the faces: its check, run on its
own against an fc-list that answers as fontconfig 2.14 does (a family asked for by name is
printed or nothing is; the whole list is hundreds of lines, far more than a pipe holds)."""

import re
import subprocess
from pathlib import Path

import pytest

CI_RUN = Path(__file__).resolve().parent.parent / ".ci" / "run"
INSTALLED = ["Noto Nastaliq Urdu", "Noto Naskh Arabic", "Noto Sans Bengali", "Noto Sans Gurmukhi"]

FAKE_FC_LIST = """#!/usr/bin/env bash
# Like fc-list: with a family name, print it (and what was asked for) if installed.
faces=({faces})
if [ $# -gt 0 ]; then
  for f in "${{faces[@]}}"; do [ "$f" = "$1" ] && echo "$f"; done
  exit 0
fi
for f in "${{faces[@]}}"; do
  echo "/usr/share/fonts/truetype/noto/${{f// /}}-Regular.ttf: $f:style=Regular"
done
for i in $(seq 3000); do
  echo "/usr/share/fonts/truetype/noto/NotoSansOther$i-Regular.ttf: Noto Sans Other$i:style=Regular"
done
"""


def font_check(tmp_path, faces) -> str:
    """What the check in .ci/run asks apt for, on a machine with these faces installed."""
    loop = re.search(r"^for face in .*?^done$", CI_RUN.read_text(), re.S | re.M).group(0)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "fc-list"
    fake.write_text(FAKE_FC_LIST.format(faces=" ".join(f'"{f}"' for f in faces)))
    fake.chmod(0o755)
    script = f'set -euo pipefail\nneed_apt=()\n{loop}\necho "${{need_apt[*]:-}}"\n'
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin"}
    done = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_an_installed_machine_skips_the_fonts(tmp_path):
    assert font_check(tmp_path, INSTALLED) == ""


@pytest.mark.parametrize("missing", INSTALLED)
def test_a_machine_missing_a_face_installs_the_fonts(tmp_path, missing):
    faces = [f for f in INSTALLED if f != missing]
    assert font_check(tmp_path, faces) == "fonts-noto-core"
