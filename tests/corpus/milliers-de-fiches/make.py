"""Build what git cannot hold for this case."""


def make(data, outside):
    fiches = data / "fiches"
    for n in range(2, 3002):
        (fiches / f"1.{n}.yaml").write_text(
            f'id: "1.{n}"\ntitre: "Fiche {n}"\naxe: 1\npilote: agglo\n'
        )
    (data / "avenants" / "avenant-2.yaml").write_text(
        'numero: 2\ntitre: "Deux"\nfiches: ["1.3002", "1.1"]\n'
    )
