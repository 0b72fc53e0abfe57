"""Pictures and recordings are judged by their bytes: re-encoded, stripped, measured."""

import io

import pytest
from flask_babel import force_locale
from PIL import ExifTags, Image

from portal.files import checks
from portal.files.checks import Rejected, check_picture, check_recording
from tests.voice.media import jpeg_with_gps, mp3, picture, recording


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


# -- Pictures ------------------------------------------------------------------------------


def test_a_phones_photo_loses_its_location_and_camera_and_is_turned_upright():
    original = jpeg_with_gps(size=(300, 200), orientation=6)
    exif = opened(original).getexif()
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)  # the test photo really does say where it was
    assert b"PhoneMaker" in original

    kept = check_picture(original)

    assert kept.content_type == "image/jpeg"
    image = opened(kept.data)
    assert image.format == "JPEG"
    assert not image.getexif() and not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert "exif" not in image.info and "xmp" not in image.info and "icc_profile" not in image.info
    for trace in (b"Exif", b"PhoneMaker", b"Pocket Camera", b"GPS"):
        assert trace not in kept.data
    # Orientation 6 means "turn 90 degrees clockwise to view": the pixels are turned now,
    # so the blue mark that was top left is top right.
    assert (kept.width, kept.height) == (200, 300) == image.size
    red, green, blue = image.convert("RGB").getpixel((195, 5))
    assert blue > 150 and red < 100
    assert kept.sha256 and kept.size == len(kept.data)


def test_big_photos_are_made_smaller():
    kept = check_picture(picture("JPEG", size=(4000, 3000)))
    assert (kept.width, kept.height) == (2000, 1500)


@pytest.mark.parametrize(
    ("fmt", "mode", "expected"),
    [
        ("PNG", "RGB", "image/jpeg"),  # a photo saved as PNG: JPEG is far smaller
        ("PNG", "RGBA", "image/png"),  # a drawing with see-through parts keeps them
        ("GIF", "P", "image/jpeg"),
        ("WEBP", "RGB", "image/jpeg"),
    ],
)
def test_each_kind_of_picture_is_drawn_again(fmt, mode, expected):
    kept = check_picture(picture(fmt, mode=mode))
    assert kept.content_type == expected
    assert opened(kept.data).format == expected.split("/")[1].upper()


def test_an_animation_keeps_its_first_frame():
    frames = [Image.new("RGB", (50, 40), colour) for colour in ("green", "blue", "red")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100)
    kept = check_picture(out.getvalue())
    image = opened(kept.data)
    assert getattr(image, "n_frames", 1) == 1
    red, green, blue = image.convert("RGB").getpixel((25, 20))
    assert green > 100 and red < 60


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"Not a picture, whatever its name says", "not_a_picture"),
        (b"%PDF-1.7\n" + b"0" * 100, "not_a_picture"),
        (picture("BMP"), "not_a_picture"),  # a real picture, but not a kind we take
        (picture("TIFF"), "not_a_picture"),
        (picture("JPEG")[:300], "damaged_picture"),
        (picture("PNG")[:60], "damaged_picture"),
    ],
)
def test_what_is_not_a_usable_picture_is_refused(data, reason):
    with pytest.raises(Rejected) as refused:
        check_picture(data)
    assert refused.value.reason == reason


def test_too_many_pixels_is_refused_before_it_is_decoded():
    # 56 megapixels (over the portal's 50) and 100 megapixels (over Pillow's own limit):
    # drawn in one bit per pixel, so the test itself stays small.
    for size in ((8000, 7000), (10000, 10000)):
        with pytest.raises(Rejected) as refused:
            check_picture(picture("PNG", size=size, mode="1"))
        assert refused.value.reason == "picture_too_many_pixels"


def test_too_big_a_file_is_refused_with_the_limit(monkeypatch):
    data = picture("JPEG")
    monkeypatch.setattr(checks, "PICTURE_MAX_BYTES", len(data) - 1)
    with pytest.raises(Rejected) as refused:
        check_picture(data)
    assert refused.value.reason == "picture_too_big"
    monkeypatch.undo()
    with pytest.raises(Rejected) as refused:
        check_picture(b"x" * (20 * 1024 * 1024 + 1))
    assert refused.value.message == "This picture is too big. Choose one smaller than 20 MB."


def test_messages_are_translated(app):
    with app.test_request_context(), force_locale("pl"):
        message = Rejected("picture_too_big", limit=20).message
    assert message == "To zdjęcie jest za duże. Wybierz takie, które ma mniej niż 20 MB."
    with app.test_request_context(), force_locale("ur"):
        message = Rejected("recording_too_long").message
    assert message == "یہ ریکارڈنگ 2 منٹ سے لمبی ہے۔ چھوٹی ریکارڈنگ کریں۔"


# -- Recordings ----------------------------------------------------------------------------


def test_chromium_recordings_are_kept_as_they_are():
    for name, content_type in (
        ("chromium-2s.webm", "audio/webm"),
        ("chromium-2s.m4a", "audio/mp4"),
    ):
        data = recording(name)
        kept = check_recording(data)
        assert kept.content_type == content_type
        assert kept.data == data
        assert 1800 <= kept.duration_ms <= 2100, (name, kept.duration_ms)


def test_a_recording_sent_in_slices_is_measured_to_its_end():
    # recorder.js asks for the sound a second at a time: Chromium then writes an MP4
    # fragment per second, and the length is where the last one ends (tfdt), not the sum
    # of the samples' own durations (which came to 9.57 s here).
    kept = check_recording(recording("chromium-10s-sliced.m4a"))
    assert 9850 <= kept.duration_ms <= 10100, kept.duration_ms


def test_an_mp3_is_measured_from_its_frames():
    kept = check_recording(mp3(3))
    assert kept.content_type == "audio/mpeg"
    assert 2900 <= kept.duration_ms <= 3200


def test_two_minutes_is_the_longest():
    assert check_recording(mp3(119, kbps=8, rate=8000)).duration_ms <= 120_500
    for data in (recording("chromium-150s-6kbps.webm"), mp3(150, kbps=8, rate=8000)):
        assert len(data) < checks.RECORDING_MAX_BYTES  # small enough: its length decides
        with pytest.raises(Rejected) as refused:
            check_recording(data)
        assert refused.value.reason == "recording_too_long"


def test_too_big_a_recording_is_refused_before_it_is_read():
    with pytest.raises(Rejected) as refused:
        check_recording(b"\x1a\x45\xdf\xa3" + b"\0" * checks.RECORDING_MAX_BYTES)
    assert refused.value.reason == "recording_too_big"


def test_an_mp4_with_aac_is_taken_and_other_codecs_are_not():
    # Safari and phones' voice memos put AAC ("mp4a") where Chromium puts Opus.
    opus = recording("chromium-2s.m4a")
    assert opus.count(b"Opus") == 1
    assert check_recording(opus.replace(b"Opus", b"mp4a")).content_type == "audio/mp4"
    with pytest.raises(Rejected) as refused:
        check_recording(opus.replace(b"Opus", b"ac-3"))
    assert refused.value.reason == "not_a_recording"


def test_a_video_is_not_a_recording():
    webm = recording("chromium-2s.webm")
    track_type_audio = bytes([0x83, 0x81, 0x02])
    assert webm.count(track_type_audio) == 1
    with pytest.raises(Rejected) as refused:
        check_recording(webm.replace(track_type_audio, bytes([0x83, 0x81, 0x01])))
    assert refused.value.reason == "not_a_recording"
    mp4 = recording("chromium-2s.m4a")
    with pytest.raises(Rejected) as refused:
        check_recording(mp4.replace(b"soun", b"vide", 1))
    assert refused.value.reason == "not_a_recording"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "not_a_recording"),
        (b"OggS\x00\x02" + b"\0" * 100, "not_a_recording"),
        (b"just some text pretending to be sound", "not_a_recording"),
        (picture("PNG"), "not_a_recording"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01", "damaged_recording"),
        (b"\0\0\0\x20ftypisom" + b"\0" * 20, "damaged_recording"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\0" * 50, "damaged_recording"),
    ],
)
def test_what_is_not_a_usable_recording_is_refused(data, reason):
    with pytest.raises(Rejected) as refused:
        check_recording(data)
    assert refused.value.reason == reason


def test_a_recording_cut_short_in_its_header_is_damaged():
    webm = recording("chromium-2s.webm")
    with pytest.raises(Rejected) as refused:
        check_recording(webm[:200])
    assert refused.value.reason == "damaged_recording"
    # Cut in the middle of the sound: what is there still plays. Chromium wrote the length
    # in the header (1.92 s); without it, the blocks' own times are what is measured.
    declared = bytes.fromhex("44898444f00000")  # Duration, a 4-byte float: 1920.0 ms
    assert webm.count(declared) == 1
    undeclared = webm.replace(declared, bytes.fromhex("44898400000000"))
    assert check_recording(undeclared).duration_ms == 1920
    assert 0 < check_recording(undeclared[: len(webm) // 2]).duration_ms < 1500
