#!/usr/bin/python3
"""Typeset the equations of the derivation page as SVG files of plain paths.

Usage:  /usr/bin/python3 tools/render_equations.py STEPS_JSON OUTPUT_FOLDER

Reads every entry of "steps" and "questions" in STEPS_JSON
(resources/derivation/steps.json) and writes OUTPUT_FOLDER/KEY.svg for each
"tex". CMake runs it at build time; the files are compiled into the program
and never committed.

matplotlib's mathtext typesets the TeX with the Computer Modern fonts it ships
(mathtext.fontset = cm) and writes each glyph as a path (svg.fonttype = path),
so the result depends on no installed font. Its SVG defines each glyph once
and places it with <use>, nested in groups with transforms. QSvgRenderer
follows SVG Tiny 1.2, so this script flattens that into one <path> per glyph
with a single matrix, all filled with #000000 in one group, which the window
replaces with its text colour. The output carries no date, so a rebuild gives
the same bytes.

Needs Debian's python3-matplotlib.

NOTE: matplotlib 3.6.3 draws the largest size of \\right) with a wrong glyph
from cmex10, so the steps use \\left[ ... \\right] for tall brackets.
"""

import json
import math
import re
import sys
from io import StringIO
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import matplotlib

matplotlib.use("svg")
matplotlib.rcParams["mathtext.fontset"] = "cm"
matplotlib.rcParams["svg.fonttype"] = "path"

from matplotlib.figure import Figure  # noqa: E402  (needs the backend chosen above)

# The size the equations are typeset at, in points. The window scales them
# from here to its own font size (EquationView in ui/derivation_page.cpp).
FONT_POINTS = 16
# Blank space around each equation, in points, so that no glyph touches the edge.
PADDING_POINTS = 1.5
FILL = "#000000"

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
TRANSFORM_PATTERN = re.compile(r"(\w+)\s*\(([^)]*)\)")


def multiply(first, second):
    """Return the affine matrix first * second, each as (a, b, c, d, e, f)."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = second
    return (
        a1 * a2 + c1 * b2,
        b1 * a2 + d1 * b2,
        a1 * c2 + c1 * d2,
        b1 * c2 + d1 * d2,
        a1 * e2 + c1 * f2 + e1,
        b1 * e2 + d1 * f2 + f1,
    )


IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def parse_transform(text):
    """Return the matrix of an SVG transform list such as 'translate(2 3) scale(0.5)'."""
    matrix = IDENTITY
    for name, arguments in TRANSFORM_PATTERN.findall(text or ""):
        values = [float(value) for value in re.split(r"[\s,]+", arguments.strip()) if value]
        if name == "translate":
            step = (1.0, 0.0, 0.0, 1.0, values[0], values[1] if len(values) > 1 else 0.0)
        elif name == "scale":
            sy = values[1] if len(values) > 1 else values[0]
            step = (values[0], 0.0, 0.0, sy, 0.0, 0.0)
        elif name == "matrix":
            step = tuple(values)
        elif name == "rotate" and len(values) == 1:
            angle = math.radians(values[0])
            step = (math.cos(angle), math.sin(angle), -math.sin(angle), math.cos(angle), 0.0, 0.0)
        else:
            raise ValueError(f"unsupported SVG transform {name}({arguments})")
        matrix = multiply(matrix, step)
    return matrix


def local_name(element):
    return element.tag.rsplit("}", 1)[-1]


def glyph_paths(root):
    """Return (d, matrix) for every filled path of the typeset text, with <use> resolved."""
    definitions = {element.get("id"): element for element in root.iter() if element.get("id")}
    found = []

    def add_path(element, matrix):
        found.append((" ".join(element.get("d").split()), matrix))

    def walk(element, matrix):
        name = local_name(element)
        if name in ("defs", "metadata", "style"):
            return
        own = multiply(matrix, parse_transform(element.get("transform")))
        if name == "g":
            # The figure's background rectangle is the group patch_1.
            if (element.get("id") or "").startswith("patch_"):
                return
            for child in element:
                walk(child, own)
        elif name == "path":
            add_path(element, own)
        elif name == "use":
            target = definitions[element.get(XLINK_HREF).lstrip("#")]
            offset = (1.0, 0.0, 0.0, 1.0, float(element.get("x", 0)), float(element.get("y", 0)))
            placed = multiply(own, offset)
            add_path(target, multiply(placed, parse_transform(target.get("transform"))))
        else:
            for child in element:
                walk(child, own)

    walk(root, IDENTITY)
    return found


def format_number(value):
    text = f"{value:.8g}"
    return "0" if text == "-0" else text


def typeset(tex):
    """Return matplotlib's SVG of `tex` as a string, cropped to the ink."""
    figure = Figure()
    figure.text(0, 0, f"${tex}$", fontsize=FONT_POINTS)
    buffer = StringIO()
    figure.savefig(buffer, format="svg", dpi=72, transparent=True, bbox_inches="tight",
                   pad_inches=PADDING_POINTS / 72)
    return buffer.getvalue()


def flattened_svg(tex):
    root = ElementTree.fromstring(typeset(tex))
    view_box = [float(value) for value in root.get("viewBox").split()]
    width, height = view_box[2], view_box[3]
    lines = [
        f'<svg xmlns="{SVG_NAMESPACE}" version="1.2" baseProfile="tiny" '
        f'width="{format_number(width)}pt" height="{format_number(height)}pt" '
        f'viewBox="0 0 {format_number(width)} {format_number(height)}">',
        f"<!-- {tex.replace('--', '- -')} -->",
        f'<g fill="{FILL}" stroke="none">',
    ]
    for d, matrix in glyph_paths(root):
        numbers = " ".join(format_number(value) for value in matrix)
        lines.append(f'<path transform="matrix({numbers})" d="{d}"/>')
    lines += ["</g>", "</svg>", ""]
    return "\n".join(lines)


def main(arguments):
    if len(arguments) != 3:
        print("usage: render_equations.py STEPS_JSON OUTPUT_FOLDER", file=sys.stderr)
        return 2
    steps_path, output = Path(arguments[1]), Path(arguments[2])
    document = json.loads(steps_path.read_text(encoding="utf-8"))
    output.mkdir(parents=True, exist_ok=True)
    for entry in document["steps"] + document["questions"]:
        try:
            svg = flattened_svg(entry["tex"])
        except ValueError as error:
            print(f"render_equations.py: the TeX of '{entry['key']}' in {steps_path} is "
                  f"invalid: {error}", file=sys.stderr)
            return 1
        (output / f"{entry['key']}.svg").write_text(svg, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
