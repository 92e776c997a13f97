"""Uploaded pictures: checked, stripped of metadata, stored with responsive renditions.

Any model that holds a picture (article heroes, author photos, later platform logos) uses
the same three entry points:

- `PictureField`, a model field used like ImageField. Its form field refuses anything but a
  sound JPEG, PNG, WebP or AVIF within `IMAGE_MAX_UPLOAD_SIZE` and `IMAGE_MAX_PIXELS`, with a
  message on the form. Saving a new file stores it turned upright and without metadata,
  under a name taken from its content, writes its renditions and records its true width and
  height in the model fields named by `width_field` and `height_field`. `crop_field` names a
  CropPosition field that says which part the social card keeps.
- `{% picture %}` (templatetags/pictures.py) writes the <picture> element of a stored file,
  and `fieldfile.picture` gives the same data (rendition URLs, social card) to Python code.
- `renditions_build(fieldfile)` makes whatever renditions a stored file lacks; the
  `build_renditions` management command runs it over every picture field.

Renditions are made when an editor saves, never while a reader waits. Their names derive from
the stored file's name, itself a hash of the upload, so a changed picture gets new names and
every stored file can be cached forever.
"""

import hashlib
import io
import posixpath
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FileDescriptor, ImageFieldFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps

FORMATS = {"JPEG", "PNG", "WEBP", "AVIF"}
WIDTHS = (480, 800, 1200, 1600, 2400)
# Longest side at most this many times the shortest: refuses slivers such as 1×50000.
MAX_ASPECT_RATIO = 8
MIN_SIDE = 16
SOCIAL_CARD = (1200, 630)


class CropPosition(models.TextChoices):
    """Which part of a picture the 1200×630 social card keeps.

    The middle is the empty value, so a form that leaves the field out keeps the default.
    """

    CENTER = "", "Middle"
    TOP = "top", "Top"
    BOTTOM = "bottom", "Bottom"
    LEFT = "left", "Left"
    RIGHT = "right", "Right"


CENTERING = {
    CropPosition.CENTER: (0.5, 0.5),
    CropPosition.TOP: (0.5, 0.0),
    CropPosition.BOTTOM: (0.5, 1.0),
    CropPosition.LEFT: (0.0, 0.5),
    CropPosition.RIGHT: (1.0, 0.5),
}

# Settings tuned on a 4000×3000 photo (BENCHMARKS.md, "Images"): small files that still look
# like the photograph at the widths a screen asks for.
ENCODERS = {
    "avif": ("AVIF", "image/avif", {"quality": 50, "speed": 8}),
    "webp": ("WEBP", "image/webp", {"quality": 72, "method": 4}),
    "jpg": ("JPEG", "image/jpeg", {"quality": 80, "optimize": True, "progressive": True}),
    "png": ("PNG", "image/png", {"optimize": True}),
}
ORIGINAL_QUALITY = {"jpg": {"quality": 90, "optimize": True}, "png": {"optimize": True}}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _can_write_avif():
    try:
        Image.new("RGB", (8, 8)).save(io.BytesIO(), "AVIF")
    except (KeyError, OSError):
        return False
    return True


# Served first by browsers that read it; Pillow builds without an AVIF encoder skip it.
MODERN_FORMATS = ("avif", "webp") if _can_write_avif() else ("webp",)


def picture_open(file):
    """Open an upload and decode it fully, or raise ValidationError saying what is wrong.

    Decoding everything, not just the header, is what finds a truncated file. Pillow's own
    bomb check is kept as a second line behind IMAGE_MAX_PIXELS.
    """
    if file.size > settings.IMAGE_MAX_UPLOAD_SIZE:
        raise ValidationError(
            "This file is %(size)s; pictures may be at most %(limit)s.",
            code="too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.IMAGE_MAX_UPLOAD_SIZE),
            },
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file, formats=sorted(FORMATS))
            width, height = image.size
            _check_dimensions(width, height)
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except Image.UnidentifiedImageError as error:
        raise ValidationError(
            "This is not a picture the site can use: upload a JPEG, PNG, WebP or AVIF file.",
            code="unsupported",
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "This picture is damaged or incomplete (%(reason)s): export it again and upload "
            "the new file.",
            code="damaged",
            params={"reason": str(error) or "unreadable"},
        ) from error
    return image


def _too_many_pixels():
    return ValidationError(
        "This picture has too many pixels: at most %(limit)s million are accepted. Export a "
        "smaller version and upload that.",
        code="too_many_pixels",
        params={"limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
    )


def _check_dimensions(width, height):
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise _too_many_pixels()
    if min(width, height) < MIN_SIDE or max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        raise ValidationError(
            "This picture is %(width)s×%(height)s pixels: pictures need at least %(min)s "
            "pixels on each side, and the long side at most %(ratio)s times the short one.",
            code="bad_shape",
            params={"width": width, "height": height, "min": MIN_SIDE, "ratio": MAX_ASPECT_RATIO},
        )


def picture_clean(image):
    """The image upright, in sRGB, as RGB (or RGBA when it uses transparency), no metadata."""
    image = ImageOps.exif_transpose(image)
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(image, source, SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile (PIL cannot even open some): keep the pixels as they are
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    if has_alpha and image.getchannel("A").getextrema()[0] == 255:
        image = image.convert("RGB")
    # Savers copy some of these (comments, XMP, ICC) from info into the file they write.
    image.info = {}
    return image


def _encode(image, extension, options=None):
    pillow_format, _, defaults = ENCODERS[extension]
    buffer = io.BytesIO()
    image.save(buffer, pillow_format, **(options or defaults))
    return buffer.getvalue()


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    extension: str


def fallback_extension(name):
    return "png" if name.endswith(".png") else "jpg"


def widths_for(source_width, widths=WIDTHS):
    """The rendition widths of a picture: the listed ones, none wider than the source."""
    return sorted({min(width, source_width) for width in widths})


def renditions_of(name, source_width, widths=WIDTHS, crop=CropPosition.CENTER):
    """Every file made from the stored picture `name`, by format then width; the card last."""
    stem = str(PurePosixPath(name).with_suffix(""))
    renditions = [
        Rendition(f"{stem}-{width}w.{extension}", width, extension)
        for extension in (*MODERN_FORMATS, fallback_extension(name))
        for width in widths_for(source_width, widths)
    ]
    card = "card" if crop == CropPosition.CENTER else f"card-{crop}"
    renditions.append(Rendition(f"{stem}-{card}.jpg", SOCIAL_CARD[0], "jpg"))
    return renditions


def renditions_write(
    image, name, storage, widths=WIDTHS, *, crop=CropPosition.CENTER, replace=False
):
    """Write the renditions of the clean `image` stored as `name`; return how many were written.

    Widths are made largest first, each reduced from the one before: much cheaper than from
    the full picture every time, and it looks the same.
    """
    card, *sized = reversed(renditions_of(name, image.width, widths, crop))
    written = 0
    if replace or not storage.exists(card.name):
        cropped = ImageOps.fit(
            image.convert("RGB"), SOCIAL_CARD, Image.Resampling.LANCZOS, centering=CENTERING[crop]
        )
        written += _write(storage, card.name, _encode(cropped, "jpg"), replace)
    previous = image
    for width in sorted(widths_for(image.width, widths), reverse=True):
        wanted = [
            rendition
            for rendition in sized
            if rendition.width == width and (replace or not storage.exists(rendition.name))
        ]
        if not wanted:
            continue
        if width < previous.width:
            height = max(1, round(image.height * width / image.width))
            previous = previous.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for rendition in wanted:
            written += _write(
                storage, rendition.name, _encode(previous, rendition.extension), replace
            )
    return written


def _write(storage, name, data, replace):
    if replace:
        storage.delete(name)
    storage.save(name, ContentFile(data))
    return 1


def picture_store(file, *, upload_to, storage, widths=WIDTHS, crop=CropPosition.CENTER):
    """Store the upload `file` cleaned, with its renditions; return (name, width, height).

    A file already stored under the same name is the same upload, so it is reused.
    """
    image = picture_clean(picture_open(file))
    file.seek(0)
    digest = hashlib.file_digest(file, "sha256").hexdigest()[:20]
    extension = "png" if image.mode == "RGBA" else "jpg"
    name = f"{upload_to}{digest}.{extension}"
    stored_before = storage.exists(name)
    try:
        if not stored_before:
            data = _encode(image, extension, ORIGINAL_QUALITY[extension])
            name = storage.save(name, ContentFile(data))
        renditions_write(image, name, storage, widths, crop=crop)
    except Exception:
        # Nothing half-stored is left behind, but a picture another row already uses stays.
        if not stored_before:
            picture_delete(name, image.width, storage, widths, crop)
        raise
    return name, image.width, image.height


def picture_delete(name, width, storage, widths=WIDTHS, crop=CropPosition.CENTER):
    """Remove a stored picture and whatever renditions of it exist."""
    for rendition in renditions_of(name, width, widths, crop):
        storage.delete(rendition.name)
    storage.delete(name)


@dataclass(frozen=True)
class Source:
    mime: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    """What a page needs to show one stored picture.

    `url` is the fallback format's rendition nearest 1200 pixels wide, the size feeds and
    structured data link; `card_url` the 1200×630 crop for social cards.
    """

    url: str
    width: int | None = None
    height: int | None = None
    sources: tuple = ()
    fallback_srcset: str = ""
    card_url: str = ""


class PictureFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Store through the pipeline; FileField.pre_save calls this for a new upload too."""
        folder = posixpath.dirname(self.field.generate_filename(self.instance, name))
        self.name, width, height = picture_store(
            content,
            upload_to=f"{folder}/" if folder else "",
            storage=self.storage,
            widths=self.field.widths,
            crop=self.crop,
        )
        setattr(self.instance, self.field.attname, self.name)
        if self.field.width_field:
            setattr(self.instance, self.field.width_field, width)
        if self.field.height_field:
            setattr(self.instance, self.field.height_field, height)
        self._committed = True
        if save:
            self.instance.save()

    save.alters_data = True

    @property
    def crop(self):
        field = self.field
        return getattr(self.instance, field.crop_field) if field.crop_field else CropPosition.CENTER

    @property
    def picture(self):
        """The Picture of the stored file; kept while name, size and crop stay the same (a
        page asks for it several times: the picture element, og:image, structured data)."""
        field = self.field
        width = getattr(self.instance, field.width_field) if field.width_field else None
        height = getattr(self.instance, field.height_field) if field.height_field else None
        key = (self.name, width, height, self.crop)
        if getattr(self, "_picture_key", None) != key:
            self._picture = self._make_picture(width, height)
            self._picture_key = key
        return self._picture

    def fallback_url(self, at_least):
        """The fallback format's (JPEG or PNG) rendition at least `at_least` pixels wide, or the
        widest there is: for places that take one file and no srcset, such as an email."""
        field = self.field
        width = getattr(self.instance, field.width_field) if field.width_field else None
        if not width:
            return self.url
        fallback = [
            rendition
            for rendition in renditions_of(self.name, width, field.widths, self.crop)[:-1]
            if rendition.extension == fallback_extension(self.name)
        ]
        wide_enough = [r for r in fallback if r.width >= at_least]
        return self.storage.url((wide_enough or fallback)[0 if wide_enough else -1].name)

    def _make_picture(self, width, height):
        if not width or not height:
            # Stored before renditions existed: shown as it is until build_renditions runs.
            return Picture(url=self.url, card_url=self.url)
        url = self.storage.url
        *sized, card = renditions_of(self.name, width, self.field.widths, self.crop)
        by_format = {}
        for rendition in sized:
            by_format.setdefault(rendition.extension, []).append(rendition)
        fallback = by_format.pop(fallback_extension(self.name))
        wide_enough = [r for r in fallback if r.width >= 1200]
        return Picture(
            url=url((wide_enough or fallback)[0 if wide_enough else -1].name),
            width=width,
            height=height,
            sources=tuple(
                Source(ENCODERS[extension][1], _srcset(group, url))
                for extension, group in by_format.items()
            ),
            fallback_srcset=_srcset(fallback, url),
            card_url=url(card.name),
        )


def _srcset(renditions, url):
    return ", ".join(f"{url(rendition.name)} {rendition.width}w" for rendition in renditions)


class PictureInput(forms.ClearableFileInput):
    """The file input of a picture field, with a script that checks the size before sending."""

    class Media:
        js = [forms.Script("js/picture-upload.js", defer=True)]


class AdminPictureInput(AdminFileWidget):
    """The admin's file input, with the same script."""

    Media = PictureInput.Media


class PictureFormField(forms.ImageField):
    """ImageField's form field, with the site's checks run while the upload is validated."""

    widget = PictureInput

    default_error_messages = {
        "invalid_image": (
            "This is not a picture the site can use: upload a JPEG, PNG, WebP or AVIF file."
        ),
    }

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "accept": ",".join(f"image/{name.lower()}" for name in sorted(FORMATS)),
            "data-max-bytes": settings.IMAGE_MAX_UPLOAD_SIZE,
        }

    def to_python(self, data):
        if data in self.empty_values:
            return None
        picture_open(data)
        data.seek(0)
        return super().to_python(data)


class PictureField(models.ImageField):
    """An ImageField whose new files go through the pipeline above when they are saved."""

    attr_class = PictureFieldFile
    # Width and height are written by the pipeline, not read back from storage on assignment.
    descriptor_class = FileDescriptor

    def __init__(self, *args, widths=WIDTHS, crop_field=None, **kwargs):
        self.widths = tuple(widths)
        self.crop_field = crop_field
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, **kwargs):
        # ImageField's dimension update on every instance load is not needed: the pipeline
        # writes width and height once, when the file is saved.
        models.FileField.contribute_to_class(self, cls, name, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.widths != WIDTHS:
            kwargs["widths"] = self.widths
        if self.crop_field:
            kwargs["crop_field"] = self.crop_field
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        if kwargs.get("widget") is AdminFileWidget:  # the admin's default for file fields
            kwargs["widget"] = AdminPictureInput
        return super().formfield(**{"form_class": PictureFormField, **kwargs})


def renditions_build(fieldfile, *, replace=False):
    """Make what a stored picture lacks; return how many files were written (0: nothing).

    A file stored before this pipeline (any name, perhaps with metadata, no recorded size) is
    stored again, cleaned, the row updated and the old file deleted. Safe to run again.
    """
    field, instance, storage = fieldfile.field, fieldfile.instance, fieldfile.storage
    name = fieldfile.name
    width = getattr(instance, field.width_field)
    height = getattr(instance, field.height_field)
    crop = fieldfile.crop
    if width and height:
        renditions = renditions_of(name, width, field.widths, crop)
        if not replace and all(storage.exists(r.name) for r in renditions):
            return 0
        with storage.open(name, "rb") as stored:
            image = picture_clean(picture_open(stored))
        return renditions_write(image, name, storage, field.widths, crop=crop, replace=replace)
    folder = str(PurePosixPath(name).parent)
    with storage.open(name, "rb") as stored:
        new_name, width, height = picture_store(
            stored,
            upload_to="" if folder == "." else f"{folder}/",
            storage=storage,
            widths=field.widths,
            crop=crop,
        )
    values = {field.attname: new_name, field.width_field: width, field.height_field: height}
    type(instance)._base_manager.filter(pk=instance.pk).update(**values)
    for attribute, value in values.items():
        setattr(instance, attribute, value)
    if new_name != name:
        storage.delete(name)
    return len(renditions_of(new_name, width, field.widths, crop)) + 1
