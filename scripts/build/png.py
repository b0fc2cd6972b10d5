"""Published PNGs with a palette: a plot's few colours and their anti-aliased edges fit in 256
colours (median cut, no dithering), within a few levels of what matplotlib drew, at a third to a
half of the bytes. Used by the figures and the notebook plots; the bytes depend on Pillow's version.
"""
import io

COLOURS = 256


def palette_png(data):
    """``data`` (a PNG) with at most 256 colours, or ``data`` itself when it has transparency (a
    median cut has no alpha) or the palette would not be smaller."""
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    if image.mode not in ("RGB", "RGBA") or (image.mode == "RGBA" and image.getchannel("A").getextrema()[0] < 255):
        return data
    quantized = image.convert("RGB").quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    quantized.save(buffer, "PNG", optimize=True)
    return buffer.getvalue() if len(buffer.getvalue()) < len(data) else data
