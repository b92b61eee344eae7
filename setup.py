"""What goes into the wheel. The metadata is in pyproject.toml.

pyproject.toml alone cannot ship the top-level templates/ and static/ inside the caiqiao package
while finding the apps by itself, so the package list is computed here.
"""

from pathlib import Path

from setuptools import find_packages, setup

# The site-wide templates/ and static/ (and locale/ once there is one) stay beside manage.py, as
# the design has them; in the wheel they are data of the caiqiao package, where settings.py looks.
SITE_DATA = {
    f"caiqiao.{name}": name for name in ("templates", "static", "locale") if Path(name).is_dir()
}

setup(
    # Every app, found rather than listed, so a new one lands in the wheel without an edit here.
    packages=find_packages(exclude=["tests", "tests.*", "bench", "bench.*"]) + list(SITE_DATA),
    package_dir=SITE_DATA,
    package_data={
        **{package: ["**/*"] for package in SITE_DATA},
        # An app's own templates, static files, translations and fixtures (migrations are Python).
        "": ["templates/**/*", "static/**/*", "locale/**/*", "fixtures/**/*"],
    },
    # The data is exactly the globs above. Left on, the manifest adds no file, only a warning for
    # every folder of templates or static files ("Package would be ignored").
    include_package_data=False,
)
