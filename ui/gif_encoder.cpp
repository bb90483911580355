#include "ui/gif_encoder.h"

#include "ui/theme.h"

#include <QHash>
#include <QIODevice>
#include <QImage>

#include <gif_lib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace distillscope::ui {

namespace {

constexpr int kPaletteSize = 256;
constexpr int kCubeLevels = 6;
constexpr int kGreys = 32;
// The nearest-colour table covers 6 bits per channel.
constexpr int kTableBits = 6;

struct Palette {
    std::array<GifColorType, kPaletteSize> colors{};
    QHash<QRgb, GifByteType> exact;            // palette colours map to themselves
    std::vector<GifByteType> nearest;          // indexed by the top 6 bits of r, g, b

    GifByteType index(QRgb pixel) const
    {
        const auto found = exact.constFind(pixel & 0xffffff);
        if (found != exact.constEnd())
            return *found;
        const int shift = 8 - kTableBits;
        const int key = ((qRed(pixel) >> shift) << (2 * kTableBits))
            | ((qGreen(pixel) >> shift) << kTableBits) | (qBlue(pixel) >> shift);
        return nearest[size_t(key)];
    }
};

const Palette& palette()
{
    static const Palette instance = [] {
        Palette p;
        int next = 0;
        const auto add = [&](int r, int g, int b) {
            p.colors[size_t(next)] = GifColorType{GifByteType(r), GifByteType(g), GifByteType(b)};
            p.exact.insert(qRgb(r, g, b) & 0xffffff, GifByteType(next));
            ++next;
        };
        for (int r = 0; r < kCubeLevels; ++r)
            for (int g = 0; g < kCubeLevels; ++g)
                for (int b = 0; b < kCubeLevels; ++b)
                    add(r * 51, g * 51, b * 51);
        for (const QColor& color : {Theme::kBlack, Theme::kOrange, Theme::kSkyBlue,
                                    Theme::kBluishGreen, Theme::kYellow, Theme::kBlue,
                                    Theme::kVermillion, Theme::kReddishPurple})
            add(color.red(), color.green(), color.blue());
        for (int k = 1; k <= kGreys; ++k) {
            const int level = int(std::lround(k * 255.0 / (kGreys + 1)));
            add(level, level, level);
        }
        // 216 + 8 + 32 = 256 entries. Black appears twice, in the cube and
        // among the Okabe-Ito colours, which wastes one entry.

        const int levels = 1 << kTableBits;
        p.nearest.resize(size_t(levels) * levels * levels);
        for (int r = 0; r < levels; ++r) {
            for (int g = 0; g < levels; ++g) {
                for (int b = 0; b < levels; ++b) {
                    // The centre of the table cell, in 8-bit units.
                    const int cr = (r << 2) + 2, cg = (g << 2) + 2, cb = (b << 2) + 2;
                    int best = 0;
                    int best_distance = std::numeric_limits<int>::max();
                    for (int i = 0; i < kPaletteSize; ++i) {
                        const GifColorType& c = p.colors[size_t(i)];
                        const int dr = cr - c.Red, dg = cg - c.Green, db = cb - c.Blue;
                        // Weights 2, 4, 3 follow the eye's sensitivity to green.
                        const int distance = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
                        if (distance < best_distance) {
                            best_distance = distance;
                            best = i;
                        }
                    }
                    p.nearest[size_t((r << (2 * kTableBits)) | (g << kTableBits) | b)] =
                        GifByteType(best);
                }
            }
        }
        return p;
    }();
    return instance;
}

int writeToDevice(GifFileType* gif, const GifByteType* bytes, int length)
{
    auto* device = static_cast<QIODevice*>(gif->UserData);
    return int(device->write(reinterpret_cast<const char*>(bytes), length));
}

} // namespace

GifEncoder::GifEncoder(QIODevice& device, QSize size, int delay_ms)
    : m_size(size), m_delay_centiseconds(std::clamp(int(std::lround(delay_ms / 10.0)), 1, 65535))
{
    int code = 0;
    m_gif = EGifOpen(&device, writeToDevice, &code);
    if (!m_gif) {
        fail(code);
        return;
    }
    EGifSetGifVersion(m_gif, true);

    const Palette& colors = palette();
    ColorMapObject* map = GifMakeMapObject(kPaletteSize, colors.colors.data());
    const int screen = EGifPutScreenDesc(m_gif, size.width(), size.height(), 8, 0, map);
    GifFreeMapObject(map);
    if (screen == GIF_ERROR) {
        fail(m_gif->Error);
        return;
    }

    // The NETSCAPE2.0 application extension with a loop count of 0: repeat forever.
    const GifByteType loop[3] = {1, 0, 0};
    if (EGifPutExtensionLeader(m_gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR
        || EGifPutExtensionBlock(m_gif, 11, "NETSCAPE2.0") == GIF_ERROR
        || EGifPutExtensionBlock(m_gif, 3, loop) == GIF_ERROR
        || EGifPutExtensionTrailer(m_gif) == GIF_ERROR)
        fail(m_gif->Error);
}

GifEncoder::~GifEncoder()
{
    if (m_gif) {
        int ignored = 0;
        EGifCloseFile(m_gif, &ignored);
    }
}

QString GifEncoder::fail(int code)
{
    if (m_error.isEmpty()) {
        const char* reason = GifErrorString(code);
        m_error = reason ? QString::fromLatin1(reason) : QStringLiteral("giflib error %1").arg(code);
    }
    return m_error;
}

QString GifEncoder::addFrame(const QImage& frame)
{
    if (!m_error.isEmpty())
        return m_error;
    Q_ASSERT(frame.size() == m_size);

    GraphicsControlBlock control{};
    control.DisposalMode = DISPOSE_DO_NOT;
    control.UserInputFlag = false;
    control.DelayTime = m_delay_centiseconds;
    control.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType extension[4];
    EGifGCBToExtension(&control, extension);
    if (EGifPutExtension(m_gif, GRAPHICS_EXT_FUNC_CODE, 4, extension) == GIF_ERROR)
        return fail(m_gif->Error);
    if (EGifPutImageDesc(m_gif, 0, 0, m_size.width(), m_size.height(), false, nullptr) == GIF_ERROR)
        return fail(m_gif->Error);

    const QImage rgb = frame.convertToFormat(QImage::Format_RGB32);
    const Palette& colors = palette();
    std::vector<GifPixelType> line(size_t(m_size.width()));
    for (int y = 0; y < m_size.height(); ++y) {
        const auto* pixels = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
        for (int x = 0; x < m_size.width(); ++x)
            line[size_t(x)] = colors.index(pixels[x]);
        if (EGifPutLine(m_gif, line.data(), m_size.width()) == GIF_ERROR)
            return fail(m_gif->Error);
    }
    return {};
}

QString GifEncoder::finish()
{
    if (!m_gif)
        return m_error;
    int code = 0;
    const int closed = EGifCloseFile(m_gif, &code);
    m_gif = nullptr;
    if (closed == GIF_ERROR)
        return fail(code);
    return m_error;
}

} // namespace distillscope::ui
