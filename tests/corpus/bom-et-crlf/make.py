"""Build what git cannot hold for this case."""


def make(data, outside):
    for f in (data / "protocole.yaml", data / "fiches" / "1.1-accueil.yaml"):
        text = f.read_text(encoding="utf-8").replace("\n", "\r\n")
        f.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
