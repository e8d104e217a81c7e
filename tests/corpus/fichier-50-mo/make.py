"""Build what git cannot hold for this case."""


def make(data, outside):
    with open(data / "fiches" / "1.2-enorme.yaml", "wb") as out:
        out.write(b"titre: ")
        chunk = b"x" * (1024 * 1024)
        for _ in range(50):
            out.write(chunk)
        out.write(b"\n")
