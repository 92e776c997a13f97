"""`make bench-images`: what a 4000×3000 photo costs once the site has made its renditions.

For the demo's camera-sized photo (articles.demo.photo_jpeg) it reports:
- the bytes a browser downloads for the article hero on a 375 px phone and a 1280 px desktop,
  at each common pixel density: the smallest rendition covering the hero's slot in `sizes`
  (templates/articles/article_detail.html), in AVIF, which every current browser shows, and
  in the JPEG fallback for the rest;
- the CPU time and peak memory of making every rendition, measured in a fresh process so
  nothing else is counted in its peak (Python and Django alone are reported beside it).

Each run is a new process per measurement; `--runs` repeats them and prints the range.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The hero's slot in CSS pixels, as its `sizes` gives it: (min-width: 62.5rem) 57.5rem,
# otherwise calc(100vw - 2.5rem).
SCREENS = {"phone (375 px)": (375 - 40, (2, 3)), "desktop (1280 px)": (920, (1, 2))}
BUDGETS = {"phone (375 px)": 150 * 1024, "desktop (1280 px)": 400 * 1024}
CPU_BUDGET_S = 5
MEMORY_BUDGET_MB = 500


def peak_memory_mb():
    """This process's peak resident memory. Not getrusage's ru_maxrss, which on Linux keeps
    the peak of the parent that forked it."""
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breakingeven.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    import django

    django.setup()


def measure(photo_path, media_root):
    """In this process: store the photo through the pipeline; print CPU, memory, sizes."""
    setup_django()
    from django.core.files import File
    from django.core.files.storage import FileSystemStorage

    from breakingeven import images

    baseline_mb = peak_memory_mb()
    storage = FileSystemStorage(location=media_root)
    before = time.process_time()
    with open(photo_path, "rb") as photo:
        name, width, height = images.picture_store(
            File(photo, name="photo.jpg"), upload_to="heroes/", storage=storage
        )
    cpu = time.process_time() - before
    renditions = images.renditions_of(name, width)
    sizes = {r.name.rsplit("/", 1)[-1].split("-", 1)[1]: storage.size(r.name) for r in renditions}
    print(
        json.dumps(
            {
                "cpu_s": cpu,
                "peak_mb": peak_memory_mb(),
                "baseline_mb": baseline_mb,
                "files": len(renditions) + 1,
                "sizes": sizes,
                "widths": images.widths_for(width),
            }
        )
    )


def chosen(widths, slot, density):
    """The width a browser picks from a `w` srcset: the smallest covering slot × density."""
    wanted = slot * density
    return next((width for width in widths if width >= wanted), widths[-1])


def one_run(photo_path):
    with tempfile.TemporaryDirectory() as media_root:
        output = subprocess.run(  # noqa: S603 (this module, fixed arguments)
            [sys.executable, "-m", "bench.images", "--measure", photo_path, media_root],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(*args.measure)
        return
    setup_django()
    from articles.demo import photo_jpeg

    with tempfile.NamedTemporaryFile(suffix=".jpg") as photo:
        photo.write(photo_jpeg())
        photo.flush()
        size_mb = Path(photo.name).stat().st_size / 1024 / 1024
        print(f"Photo: 4000×3000 JPEG with EXIF and GPS, {size_mb:.1f} MB; {args.runs} runs\n")
        runs = [one_run(photo.name) for _ in range(args.runs)]

    failed = False
    sizes, widths = runs[0]["sizes"], runs[0]["widths"]
    print("Hero download (AVIF / JPEG fallback):")
    for screen, (slot, densities) in SCREENS.items():
        for density in densities:
            width = chosen(widths, slot, density)
            avif, jpeg = sizes[f"{width}w.avif"], sizes[f"{width}w.jpg"]
            worst = density == densities[-1]
            ok = avif <= BUDGETS[screen]
            failed |= worst and not ok
            verdict = (
                f"  budget {BUDGETS[screen] // 1024} KB: {'PASS' if ok else 'FAIL'}"
                if worst
                else ""
            )
            print(
                f"  {screen} at {density}x: {width} px, {avif / 1024:.0f} KB / "
                f"{jpeg / 1024:.0f} KB{verdict}"
            )
    cpu = [run["cpu_s"] for run in runs]
    peak = [run["peak_mb"] for run in runs]
    base = [run["baseline_mb"] for run in runs]
    print(f"\nMaking {runs[0]['files']} files (renditions, card, clean original):")
    cpu_ok, memory_ok = max(cpu) < CPU_BUDGET_S, max(peak) < MEMORY_BUDGET_MB
    print(
        f"  CPU {min(cpu):.2f} to {max(cpu):.2f} s"
        f"  budget {CPU_BUDGET_S} s: {'PASS' if cpu_ok else 'FAIL'}"
    )
    print(
        f"  peak memory {min(peak):.0f} to {max(peak):.0f} MB (Python and Django alone "
        f"{min(base):.0f} to {max(base):.0f} MB)"
        f"  budget {MEMORY_BUDGET_MB} MB: {'PASS' if memory_ok else 'FAIL'}"
    )
    sys.exit(1 if failed or not cpu_ok or not memory_ok else 0)


if __name__ == "__main__":
    main()
