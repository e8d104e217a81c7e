"""Build what git cannot hold for this case."""


def make(data, outside):
    big = "a" * 1_000_000
    (data / "fiches" / "1.2-long.yaml").write_text(
        f'id: "1.2"\ntitre: "{big}"\naxe: 1\npilote: agglo\n'
    )
    (data / "fiches" / "1.3-pilote.yaml").write_text(
        f'id: "1.3"\ntitre: "x"\naxe: 1\npilote: {big}\n'
    )
