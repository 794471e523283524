#!/usr/bin/env python3
"""Reference point for the manifest benchmark (docs/performance.md): a mainstream
libyaml-based loader. Loads every document of every file given (directories are read
recursively for *.yaml and *.yml, in sorted order) with PyYAML's CSafeLoader (the C
libyaml parser, Python objects built by PyYAML) and prints the document count.

    python3 Benchmarks/pyyaml_load.py .build-bench/estate

Fails (exit 2) if PyYAML is missing or was built without libyaml, rather than
silently falling back to the pure-Python loader; exit 1 on a YAML error.
"""

import os
import sys

try:
    import yaml
except ImportError:
    print("pyyaml_load.py: PyYAML is not installed (pip install pyyaml)", file=sys.stderr)
    sys.exit(2)

if not getattr(yaml, "__with_libyaml__", False) or not hasattr(yaml, "CSafeLoader"):
    print("pyyaml_load.py: PyYAML is installed without libyaml (yaml.__with_libyaml__ is "
          "False), so yaml.CSafeLoader is unavailable; install libyaml-dev and reinstall "
          "PyYAML from source: pip install --no-binary pyyaml --force-reinstall pyyaml",
          file=sys.stderr)
    sys.exit(2)


def manifest_paths(args):
    for arg in args:
        if os.path.isdir(arg):
            found = []
            for root, _dirs, files in os.walk(arg):
                found.extend(os.path.join(root, f) for f in files
                             if f.endswith((".yaml", ".yml")))
            yield from sorted(found)
        else:
            yield arg


def main(args):
    if not args:
        print("usage: pyyaml_load.py PATH...", file=sys.stderr)
        return 2
    files = documents = 0
    for path in manifest_paths(args):
        with open(path, "rb") as f:
            try:
                for _doc in yaml.load_all(f, Loader=yaml.CSafeLoader):
                    documents += 1
            except yaml.YAMLError as e:
                print(f"{path}: error: {e}", file=sys.stderr)
                return 1
        files += 1
    print(f"{files} files, {documents} documents (PyYAML {yaml.__version__}, CSafeLoader)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
