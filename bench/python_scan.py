"""ZenML's own Python client doing the full scan: Client().list_services page by page.

Run with the ZenML venv's python, pointed at the server by ZENML_STORE_* variables in a
throw-away ZENML_CONFIG_PATH (bench/run-python.sh sets them):
    python bench/python_scan.py <size> <hydrate 0|1> <rounds>
Prints JSON: {"total": n, "samples_ms": [...]} (the first, authenticating call is excluded).
"""
import json
import sys
import time

from zenml.client import Client


def scan(client, size, hydrate):
    n, page = 0, 1
    while True:
        p = client.list_services(page=page, size=size, hydrate=hydrate)
        n += len(p.items)
        if page >= p.total_pages:
            return n
        page += 1


def main():
    size, hydrate, rounds = int(sys.argv[1]), sys.argv[2] == "1", int(sys.argv[3])
    client = Client()
    client.list_services(size=1)  # login and server-info round trips, not part of a scan
    samples, total = [], 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        total = scan(client, size, hydrate)
        samples.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"total": total, "size": size, "hydrate": hydrate, "samples_ms": samples}))


if __name__ == "__main__":
    main()
