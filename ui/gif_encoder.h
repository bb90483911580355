#pragma once

// An animated GIF written frame by frame with giflib, for temperature-sweep
// animations on slides.
//
// A GIF frame has at most 256 colours. Every frame is mapped, without
// dithering, to one fixed palette: the 216 colours of a 6 x 6 x 6 cube, the
// eight Okabe-Ito colours of the theme, and 32 greys. A fixed palette keeps
// colours from flickering between frames, the Okabe-Ito entries keep the
// curves exactly in their theme colours, and the greys keep anti-aliased
// text smooth. Heat maps lose some smoothness to the cube's steps.

#include <QSize>
#include <QString>

class QImage;
class QIODevice;
struct GifFileType;

namespace distillscope::ui {

class GifEncoder {
public:
    // Starts a GIF89a of `size` pixels that loops forever and shows each
    // frame for `delay_ms` milliseconds, rounded to the 10 ms steps that GIF
    // stores. The device must stay open until finish().
    GifEncoder(QIODevice& device, QSize size, int delay_ms);
    ~GifEncoder();

    GifEncoder(const GifEncoder&) = delete;
    GifEncoder& operator=(const GifEncoder&) = delete;

    // Appends `frame`, which must have the size given to the constructor and
    // no transparency. Returns an empty string or giflib's reason of failure.
    QString addFrame(const QImage& frame);
    // Writes the trailer. Returns an empty string or the reason of failure.
    QString finish();
    // The first failure so far, or an empty string.
    const QString& error() const { return m_error; }

private:
    QString fail(int code);

    GifFileType* m_gif = nullptr;
    QSize m_size;
    int m_delay_centiseconds = 10;
    QString m_error;
};

} // namespace distillscope::ui
