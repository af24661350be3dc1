#!/usr/bin/env python3
"""The Python reference server of the benchmark (issue 13), written from the Python original's
description (docs: RESUME_RETRY_FEATURES.md): each chunk is appended to <output dir>/<base name>,
then recorded as one row in <output dir>/.indexcp_chunks.db and committed on its own; a chunk
already recorded is answered "already received" and not written. Standard library only.

Two things differ from the original, both so that the benchmark's driver can use it as it uses
IndexedCP: ThreadingHTTPServer speaking HTTP/1.1 with keep-alive (the original: one thread, HTTP/1.0,
a connection per request), and, unless --no-fsync, an os.fdatasync of the file after the append, so
that an acknowledged chunk is durable as IndexedCP's are (the original relies on SQLite's commit
alone). The SQLite connection keeps Python's defaults, as the original: rollback journal,
synchronous=FULL.

    python3 bench/reference_server.py --port 3000 --output-dir ./uploads --api-key KEY [--no-fsync]
"""
import argparse
import json
import os
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class Tracker:
    """The received-chunk table: one connection per thread, one commit per chunk."""

    def __init__(self, output_dir):
        self.path = os.path.join(output_dir, ".indexcp_chunks.db")
        self.local = threading.local()
        with sqlite3.connect(self.path) as db:
            db.execute("""CREATE TABLE IF NOT EXISTS received_chunks (
                              filename TEXT NOT NULL,
                              chunk_index INTEGER NOT NULL,
                              received_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
                              PRIMARY KEY (filename, chunk_index))""")

    def db(self):
        if not hasattr(self.local, "db"):
            self.local.db = sqlite3.connect(self.path, timeout=30)
        return self.local.db

    def received(self, filename, index):
        row = self.db().execute("SELECT 1 FROM received_chunks WHERE filename = ? AND chunk_index = ?",
                                (filename, index)).fetchone()
        return row is not None

    def mark(self, filename, index):
        db = self.db()
        db.execute("INSERT OR IGNORE INTO received_chunks (filename, chunk_index) VALUES (?, ?)", (filename, index))
        db.commit()

    def all(self, filename):
        rows = self.db().execute("SELECT chunk_index FROM received_chunks WHERE filename = ? ORDER BY chunk_index",
                                 (filename,)).fetchall()
        return [r[0] for r in rows]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # head and body of an answer leave in two writes

    def log_message(self, format, *args):
        pass

    def authorised(self):
        if self.headers.get("Authorization", "") != "Bearer " + self.server.api_key:
            self.answer(401, {"error": "Invalid or missing API key"})
            return False
        return True

    def answer(self, status, body):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)  # read before any answer, so the connection stays usable
        if urlparse(self.path).path != "/upload":
            self.answer(404, {"error": "Not found"})
            return
        if not self.authorised():
            return
        client_name = self.headers.get("X-File-Name", "uploaded_file.txt")
        name = os.path.basename(client_name)
        index = int(self.headers.get("X-Chunk-Index", "0"))
        tracker = self.server.tracker
        if tracker.received(name, index):
            self.answer(200, {"message": "Chunk already received (skipped)", "actualFilename": name,
                              "chunkIndex": index, "clientFilename": client_name, "alreadyReceived": True})
            return
        with open(os.path.join(self.server.output_dir, name), "ab") as f:
            f.write(body)
            if self.server.fsync:
                f.flush()
                os.fdatasync(f.fileno())
        tracker.mark(name, index)
        self.answer(200, {"message": "Chunk received", "actualFilename": name, "chunkIndex": index,
                          "clientFilename": client_name})

    def do_GET(self):
        url = urlparse(self.path)
        if url.path != "/upload/status":
            self.answer(404, {"error": "Not found"})
            return
        if not self.authorised():
            return
        filename = parse_qs(url.query).get("filename", [None])[0]
        if not filename:
            self.answer(400, {"error": "Missing filename parameter"})
            return
        self.answer(200, {"filename": filename, "receivedChunks": self.server.tracker.all(os.path.basename(filename))})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--output-dir", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--no-fsync", action="store_true", help="as the original: no fdatasync of the file")
    args = parser.parse_args()
    os.makedirs(args.output_dir, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.output_dir = args.output_dir
    server.api_key = args.api_key
    server.fsync = not args.no_fsync
    server.tracker = Tracker(args.output_dir)
    print("reference server on http://127.0.0.1:%d/ (fsync %s)" % (args.port, server.fsync), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
