#!/usr/bin/env python3
"""The Python client stand-in of the benchmark (issue 13), written from the Python original's
description (RESUME_RETRY_FEATURES.md): buffer every chunk of the file in a SQLite table, ask the
server which chunks it holds (GET /upload/status), then send the others one by one with `requests`
and delete each from the buffer after its 200, one commit per chunk.

Unlike the original it sends over one keep-alive connection (a requests.Session; the original's
requests.post opens one per chunk) and reads one chunk at a time from the buffer (the original reads
them all at once), so it is not slower than the original for reasons beside the point.

    INDEXCP_API_KEY=KEY python3 bench/python_client.py --server http://127.0.0.1:8080/upload \
        --buffer /tmp/buffer.db [--chunk-size 1048576] FILE
"""
import argparse
import os
import sqlite3
import sys

import requests


def buffer_file(db, path, chunk_size):
    db.execute("""CREATE TABLE IF NOT EXISTS chunks (
                      id TEXT PRIMARY KEY, file_name TEXT NOT NULL, chunk_index INTEGER NOT NULL,
                      data BLOB NOT NULL)""")
    count = 0
    with open(path, "rb") as f:
        while True:
            data = f.read(chunk_size)
            if not data:
                break
            db.execute("INSERT OR REPLACE INTO chunks (id, file_name, chunk_index, data) VALUES (?, ?, ?, ?)",
                       ("%s-%d" % (path, count), path, count, data))
            count += 1
    db.commit()
    return count


def upload(db, server, api_key, path):
    session = requests.Session()
    auth = {"Authorization": "Bearer " + api_key}
    status = session.get(server + "/status", params={"filename": path}, headers=auth)
    held = set(status.json().get("receivedChunks", [])) if status.status_code == 200 else set()
    indexes = [r[0] for r in db.execute("SELECT chunk_index FROM chunks WHERE file_name = ? ORDER BY chunk_index",
                                        (path,))]
    for index in indexes:
        chunk_id = "%s-%d" % (path, index)
        if index not in held:
            data = db.execute("SELECT data FROM chunks WHERE id = ?", (chunk_id,)).fetchone()[0]
            answer = session.post(server, data=data, headers=dict(auth, **{
                "Content-Type": "application/octet-stream", "X-Chunk-Index": str(index), "X-File-Name": path}))
            answer.raise_for_status()
        db.execute("DELETE FROM chunks WHERE id = ?", (chunk_id,))
        db.commit()
    return len(indexes)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", required=True, help="the upload endpoint, e.g. http://host:port/upload")
    parser.add_argument("--buffer", required=True, help="the SQLite buffer file")
    parser.add_argument("--chunk-size", type=int, default=1024 * 1024)
    parser.add_argument("file")
    args = parser.parse_args()
    db = sqlite3.connect(args.buffer)
    buffered = buffer_file(db, args.file, args.chunk_size)
    sent = upload(db, args.server, os.environ["INDEXCP_API_KEY"], args.file)
    print("buffered %d chunks, uploaded %d" % (buffered, sent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
