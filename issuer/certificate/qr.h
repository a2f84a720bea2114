// QR codes for certificates: libqrencode, drawn with cairo as filled rectangles.
#ifndef PRAMAAN_ISSUER_CERTIFICATE_QR_H_
#define PRAMAAN_ISSUER_CERTIFICATE_QR_H_

#include <cairo.h>

#include <string_view>
#include <vector>

#include "core/result.h"

namespace pramaan::certificate {

// Modules of white border every QR code keeps around it (ISO/IEC 18004 asks for 4).
inline constexpr int kQrQuietZoneModules = 4;
// Largest QR version we print: version 10 (57 modules) in the templates' 112 pt box gives
// modules of 1.7 pt (0.6 mm), about the smallest a phone camera reads reliably from paper.
inline constexpr int kMaxQrVersion = 10;

// A QR code as a square of modules, row-major, true = dark.
struct QrMatrix {
  int size = 0;  // modules per side, without the quiet zone
  int version = 0;
  std::vector<bool> dark;

  bool At(int x, int y) const { return dark[static_cast<size_t>(y) * size + x]; }
};

// Encodes `text` in 8-bit mode with error correction level M (15% of the code can be damaged
// and it still reads). Fails with kInvalidInput when the text is empty or needs a version above
// kMaxQrVersion, and with kInternal when libqrencode fails.
Result<QrMatrix> EncodeQr(std::string_view text);

// Draws `qr` in the square (x, y, side, side) of `cr`'s user space: a white square, then the
// dark modules in `red, green, blue`, centred, each module a multiple of 0.25 pt (so the code
// may be up to 0.25 pt per module smaller than the square), with at least the 4-module quiet
// zone inside the square. Each horizontal run of dark modules is drawn as one segment a module
// thick, all runs in one path painted once (so no hairline seams appear between modules when
// rasterized). Leaves the cairo state as it found it.
void DrawQr(cairo_t* cr, const QrMatrix& qr, double x, double y, double side, double red,
            double green, double blue);

}  // namespace pramaan::certificate

#endif  // PRAMAAN_ISSUER_CERTIFICATE_QR_H_
