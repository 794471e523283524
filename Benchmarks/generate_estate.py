#!/usr/bin/env python3
"""Generate a deterministic estate of canvasctl manifests (language v1) for benchmarks.

The defaults produce the benchmark set of docs/performance.md: 10,000 workflows and
2,000 applications for 10 accounts in 20 files, about 4.5 MB (4,485,805 bytes). The
same seed and parameters always give byte-identical files.

    Benchmarks/generate_estate.py --out .build-bench/estate
    Benchmarks/generate_estate.py --workflows 1000 --applications 200 --files 4 --out DIR
    Benchmarks/generate_estate.py --workflows 1000 --applications 200 --files 5 \
        --account-ids self,dedf618d-53a7-42af-bb4a-d78ec8e6dbdc,... --out DIR

Layout
- Accounts get deterministic GUIDs, or the ones --account-ids gives, in its order (to
  apply an estate to accounts that exist, as the emulator's; the generated GUIDs are drawn
  all the same, so every other byte is as without the option). The word `self` stands for
  the API keys' own account: its documents have no `account:` key. Applications are dealt
  round robin over the accounts (application j belongs to account j % A), workflows likewise.
- Each file belongs to one account when there are at least as many files as accounts
  (file f -> account f % A), otherwise it holds the documents of several accounts
  (account a -> file a % F). An account's applications and workflows are split in
  contiguous chunks over its files, so a workflow may use an application declared in
  another file of the same account (never of another account).
- In a file, each account has one document with its applications and one or more
  documents with its workflows (at most --workflows-per-document each), separated by `---`.
  Every document has `version: 1` and `account:` (except those of a `self` account).
- Addresses are unique across the set: app-0001..., wf-00001...
- Application kinds per account cycle Quinyx, FTP Server, Quinyx, FTP Server, Talent
  Manager, so every account with at least two applications has a Quinyx and an FTP Server
  application for the workflows' QUIN and FTP slots.
- Every workflow uses template "Demo workflow", has a description, the variables
  amountToObtainWfQ (a quoted string) and locationsMapping (a lookup table with 2-3 rows
  and a default), and a chain entry for "Get Employees". An evenly spread
  --scheduled-fraction of them has a Quartz cron schedule; some have deploy: true, a few
  protect: true.
- One set-wide variable (`region`, declared once in the first document of the first
  file) is used as ${var.region} in some descriptions.
- Credentials are plain demo strings (no ${env:} or ${file:}): validation needs no
  environment.

Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import uuid

DEFAULT_SEED = 20240601

CITIES = [
    ("Oslo", "OSL"),
    ("Bergen", "BGO"),
    ("Trondheim", "TRD"),
    ("Stavanger", "SVG"),
    ("Tromsø", "TOS"),
    ("Kristiansand", "KRS"),
    ("Bodø", "BOO"),
    ("Ålesund", "AES"),
    ("Stockholm", "ARN"),
    ("Göteborg", "GOT"),
    ("Copenhagen", "CPH"),
    ("Helsinki", "HEL"),
]

DEPARTMENTS = [
    "Retail", "Warehouse", "Office", "Logistics", "Support",
    "Kitchen", "Reception", "Cleaning", "Sales", "Field",
]

DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]

APP_KINDS = ["Quinyx", "FTP Server", "Quinyx", "FTP Server", "Talent Manager"]


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Generate a deterministic canvasctl manifest estate for benchmarks.")
    p.add_argument("--workflows", type=int, default=10_000, metavar="N",
                   help="number of workflows (default 10000)")
    p.add_argument("--applications", type=int, default=2_000, metavar="M",
                   help="number of applications (default 2000)")
    p.add_argument("--files", type=int, default=20, metavar="F",
                   help="number of files (default 20)")
    p.add_argument("--accounts", type=int, default=None, metavar="A",
                   help="number of accounts (default 10, or as many as --account-ids gives)")
    p.add_argument("--account-ids", default=None, metavar="ID[,ID...]",
                   help="use these account GUIDs, in this order, instead of generated ones; "
                        "`self` is the API keys' own account (its documents get no `account:`)")
    p.add_argument("--scheduled-fraction", type=float, default=0.33, metavar="X",
                   help="share of workflows with a schedule (default 0.33)")
    p.add_argument("--workflows-per-document", type=int, default=250, metavar="K",
                   help="split an account's workflows in a file into documents of at most K "
                        "(default 250)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED,
                   help=f"random seed (default {DEFAULT_SEED})")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory")
    p.add_argument("--force", action="store_true",
                   help="delete *.yaml/*.yml files already in DIR instead of refusing")
    args = p.parse_args(argv)

    def fail(msg: str) -> None:
        p.error(msg)

    args.account_id_list = None
    if args.account_ids is not None:
        ids = [part.strip() for part in args.account_ids.split(",")]
        for account_id in ids:
            if account_id == "self":
                continue
            try:
                parsed = uuid.UUID(account_id)
            except ValueError:
                fail(f"--account-ids: '{account_id}' is neither a GUID nor `self`")
            if len(account_id) != 36 or str(parsed) != account_id.lower():
                fail(f"--account-ids: '{account_id}' is not a GUID written as "
                     f"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
        if len(set(i.lower() for i in ids)) != len(ids):
            fail("--account-ids: an account is given twice")
        if args.accounts is None:
            args.accounts = len(ids)
        elif args.accounts != len(ids):
            fail(f"--account-ids gives {len(ids)} account(s) but --accounts says {args.accounts}")
        args.account_id_list = ids
    if args.accounts is None:
        args.accounts = 10

    if args.workflows < 0 or args.applications < 0:
        fail("--workflows and --applications must be >= 0")
    if args.files < 1 or args.accounts < 1:
        fail("--files and --accounts must be >= 1")
    if not 0.0 <= args.scheduled_fraction <= 1.0:
        fail("--scheduled-fraction must be between 0 and 1")
    if args.workflows_per_document < 1:
        fail("--workflows-per-document must be >= 1")
    if args.workflows > 0 and args.applications < 2 * args.accounts:
        fail(f"workflows need a Quinyx and an FTP Server application in every account: "
             f"--applications must be at least 2 x --accounts ({2 * args.accounts})")
    return args


def guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def quote(s: str) -> str:
    """A YAML double-quoted scalar (the strings we generate need no escapes beyond these)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def quartz_cron(rng: random.Random) -> str:
    """A valid Quartz cron: 6 or 7 fields, exactly one of day-of-month/day-of-week is `?`."""
    shape = rng.randrange(6)
    minute = rng.choice([0, 0, 0, 5, 15, 30, 45])
    if shape == 0:
        h1, h2 = sorted(rng.sample(range(0, 24), 2))
        return f"0 {minute} {h1},{h2} ? * {rng.choice(DAYS)} *"
    if shape == 1:
        return f"0 {minute} {rng.randrange(24)} * * ?"
    if shape == 2:
        return f"0 0/{rng.choice([5, 10, 15, 20, 30])} * * * ?"
    if shape == 3:
        return f"0 {minute} {rng.randrange(5, 20)} ? * MON-FRI"
    if shape == 4:
        return f"0 {minute} {rng.randrange(24)} {rng.randrange(1, 29)} * ? *"
    return f"0 {minute} {rng.randrange(6, 9)}-{rng.randrange(16, 20)} ? * {rng.choice(DAYS)},SAT"


def chunks(items: list, n: int) -> list[list]:
    """Split items into n contiguous chunks whose sizes differ by at most one."""
    q, r = divmod(len(items), n)
    out, start = [], 0
    for i in range(n):
        end = start + q + (1 if i < r else 0)
        out.append(items[start:end])
        start = end
    return out


class Estate:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        rng = self.rng
        A, M, N = args.accounts, args.applications, args.workflows
        self.app_width = max(4, len(str(M)))
        self.wf_width = max(5, len(str(N)))
        self.accounts = [guid(rng) for _ in range(A)]
        if args.account_id_list is not None:
            # Drawn above all the same, so that the rest of the estate does not change.
            self.accounts = list(args.account_id_list)

        # Applications: index j (0-based) -> account j % A, kind by account-local index.
        self.app_account = [j % A for j in range(M)]
        self.app_kind = [APP_KINDS[(j // A) % len(APP_KINDS)] for j in range(M)]
        self.quinyx_by_account: list[list[int]] = [[] for _ in range(A)]
        self.ftp_by_account: list[list[int]] = [[] for _ in range(A)]
        for j in range(M):
            if self.app_kind[j] == "Quinyx":
                self.quinyx_by_account[self.app_account[j]].append(j)
            elif self.app_kind[j] == "FTP Server":
                self.ftp_by_account[self.app_account[j]].append(j)

        # Workflows: index i -> account i % A.
        self.wf_account = [i % A for i in range(N)]

        # Files per account.
        F = args.files
        if F >= A:
            self.file_accounts = [[f % A] for f in range(F)]
        else:
            self.file_accounts = [[a for a in range(A) if a % F == f] for f in range(F)]
        account_files: list[list[int]] = [[] for _ in range(A)]
        for f, accs in enumerate(self.file_accounts):
            for a in accs:
                account_files[a].append(f)
        # (file, account) -> application indexes / workflow indexes
        self.apps_in: dict[tuple[int, int], list[int]] = {}
        self.wfs_in: dict[tuple[int, int], list[int]] = {}
        for a in range(A):
            files = account_files[a]
            apps = [j for j in range(M) if self.app_account[j] == a]
            wfs = [i for i in range(N) if self.wf_account[i] == a]
            for f, part in zip(files, chunks(apps, len(files))):
                self.apps_in[(f, a)] = part
            for f, part in zip(files, chunks(wfs, len(files))):
                self.wfs_in[(f, a)] = part

        # Evenly spread schedules: exactly round(N * fraction) of them.
        x = args.scheduled_fraction
        self.scheduled = [int((i + 1) * x + 0.5) > int(i * x + 0.5) for i in range(N)]

    def app_key(self, j: int) -> str:
        return f"app-{j + 1:0{self.app_width}d}"

    def wf_key(self, i: int) -> str:
        return f"wf-{i + 1:0{self.wf_width}d}"

    def application(self, j: int, out: list[str]) -> None:
        rng = self.rng
        n = f"{j + 1:0{self.app_width}d}"
        kind = self.app_kind[j]
        city, _ = CITIES[j % len(CITIES)]
        out.append(f"  {self.app_key(j)}:")
        out.append(f"    app: {kind}")
        if (j // len(self.accounts)) % 2 == 0:
            out.append(f"    name: {kind} {city} {n}")
        out.append("    credentials:")
        if kind == "Quinyx":
            out.append(f"      apikey: {quote('demo-quinyx-' + format(rng.getrandbits(64), '016x'))}")
            out.append(f"      environment: {rng.choice(['live', 'live', 'test'])}")
        elif kind == "FTP Server":
            out.append(f"      address: ftp{rng.randrange(1, 100):02d}.example.com")
            out.append(f"      port: {rng.choice([21, 21, 990, 2121])}")
            out.append(f"      username: demo-ftp-{n}")
            out.append(f"      password: {quote('demo-' + format(rng.getrandbits(48), '012x'))}")
            out.append(f"      secure: {rng.choice(['true', 'true', 'false'])}")
        else:
            out.append(f"      customeralias: demo-customer-{n}")
            out.append(f"      apikey: {quote('demo-hrtm-' + format(rng.getrandbits(64), '016x'))}")

    def workflow(self, i: int, out: list[str]) -> None:
        # Block style with the short maps in flow style, as people write them. About 420
        # bytes per workflow on average (the least that holds all of it in a readable
        # layout), so that the default set is about 4.5 MB.
        rng = self.rng
        a = self.wf_account[i]
        n = f"{i + 1:0{self.wf_width}d}"
        quin = rng.choice(self.quinyx_by_account[a])
        ftp = rng.choice(self.ftp_by_account[a])
        dept = rng.choice(DEPARTMENTS)
        rows = rng.sample(CITIES, 3 if rng.random() < 0.15 else 2)
        amount = rng.choice([10, 25, 50, 100, 250, 500, 1000])
        region = "${var.region}" if rng.random() < 0.15 else rows[0][0]
        out.append(f"  {self.wf_key(i)}:")
        if rng.random() < 0.05:
            out.append(f"    name: {dept} export {n}")
        out.append(f"    description: {dept}, {region}")
        out.append("    template: Demo workflow")
        out.append(f"    applications: {{QUIN: {self.app_key(quin)}, FTP: {self.app_key(ftp)}}}")
        out.append("    variables:")
        out.append(f"      amountToObtainWfQ: {quote(str(amount))}")
        table = ", ".join(f"{{source: {src}, target: {dst}}}" for src, dst in rows)
        default = rng.choice(["null", "null", "XXX"])
        out.append(f"      locationsMapping: {{table: [{table}], default: {default}}}")
        out.append("    chain: {Get Employees: {amountToObtain: "
                   "{variableSource: 2, variableName: amountToObtainWfQ}}}")
        if self.scheduled[i]:
            out.append(f"    schedule: {{cron: {quote(quartz_cron(rng))}, enabled: true}}")
        if rng.random() < 0.25:
            out.append("    deploy: true")
        if rng.random() < 0.02:
            out.append("    protect: true")

    def file_text(self, f: int) -> str:
        a_args = self.args
        out = [
            "# Generated by Benchmarks/generate_estate.py (canvasctl benchmark estate); do not edit.",
            f"# --workflows {a_args.workflows} --applications {a_args.applications} "
            f"--files {a_args.files} --accounts {a_args.accounts} "
            f"--scheduled-fraction {a_args.scheduled_fraction} --seed {a_args.seed}"
            + (f" --account-ids {','.join(a_args.account_id_list)}" if a_args.account_id_list is not None else ""),
        ]
        first_doc = True

        def header(account: int) -> None:
            nonlocal first_doc
            if not first_doc:
                out.append("---")
            first_doc = False
            out.append("version: 1")
            if self.accounts[account] != "self":
                out.append(f"account: {self.accounts[account]}")

        for a in self.file_accounts[f]:
            apps = self.apps_in.get((f, a), [])
            wfs = self.wfs_in.get((f, a), [])
            if apps or (f == 0 and a == self.file_accounts[0][0]):
                header(a)
                if f == 0 and a == self.file_accounts[0][0]:
                    out.append("variables:")
                    out.append("  region: Oslo")
                if apps:
                    out.append("applications:")
                    for j in apps:
                        self.application(j, out)
            k = self.args.workflows_per_document
            for start in range(0, len(wfs), k):
                header(a)
                out.append("workflows:")
                for i in wfs[start:start + k]:
                    self.workflow(i, out)
        return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    existing = sorted(name for name in os.listdir(args.out)
                      if name.endswith((".yaml", ".yml")))
    if existing:
        if not args.force:
            print(f"generate_estate.py: {args.out} already holds {len(existing)} manifest file(s); "
                  f"use --force to replace them", file=sys.stderr)
            return 1
        for name in existing:
            os.remove(os.path.join(args.out, name))

    estate = Estate(args)
    width = max(2, len(str(args.files)))
    total = 0
    for f in range(args.files):
        text = estate.file_text(f).encode("utf-8")
        path = os.path.join(args.out, f"estate-{f + 1:0{width}d}.yaml")
        with open(path, "wb") as fh:
            fh.write(text)
        total += len(text)
    scheduled = sum(estate.scheduled)
    print(f"wrote {args.files} files, {total} bytes ({total / 1e6:.2f} MB) to {args.out}: "
          f"{args.accounts} accounts, {args.applications} applications, "
          f"{args.workflows} workflows ({scheduled} scheduled)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
