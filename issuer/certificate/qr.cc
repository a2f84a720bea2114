#include "issuer/certificate/qr.h"

#include <qrencode.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <memory>
#include <string>

namespace pramaan::certificate {
namespace {

struct QrCodeDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

Result<QrMatrix> EncodeQr(std::string_view text) {
  if (text.empty()) return InvalidInput("the QR code text (verification URL) is empty");
  // A version-10 M code holds 213 bytes; a longer text fails below with a clear message instead
  // of producing a code too dense to scan from print.
  std::unique_ptr<QRcode, QrCodeDeleter> code(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M));
  if (code == nullptr) {
    if (errno == ERANGE) {
      return InvalidInput("the verification URL (" + std::to_string(text.size()) +
                          " bytes) is too long for a QR code");
    }
    return Internal("libqrencode could not encode the verification URL");
  }
  if (code->version > kMaxQrVersion) {
    return InvalidInput("the verification URL (" + std::to_string(text.size()) +
                        " bytes) needs QR version " + std::to_string(code->version) +
                        "; at most " + std::to_string(kMaxQrVersion) +
                        " scans reliably from print");
  }
  QrMatrix qr;
  qr.size = code->width;
  qr.version = code->version;
  qr.dark.resize(static_cast<size_t>(qr.size) * qr.size);
  for (size_t i = 0; i < qr.dark.size(); ++i) qr.dark[i] = (code->data[i] & 1) != 0;
  return qr;
}

void DrawQr(cairo_t* cr, const QrMatrix& qr, double x, double y, double side, double red,
            double green, double blue) {
  cairo_save(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, side, side);
  cairo_fill(cr);
  // Modules a multiple of kModuleGrid points, the code centred in the square: coordinates in
  // the PDF then have at most two decimals, which keeps the content stream (and the time spent
  // printing and compressing it) small.
  constexpr double kModuleGrid = 0.25;
  const int modules = qr.size + 2 * kQrQuietZoneModules;
  double module = std::floor(side / modules / kModuleGrid) * kModuleGrid;
  if (module <= 0) module = side / modules;
  const double origin_x = std::round((x + (side - module * modules) / 2) / kModuleGrid) * kModuleGrid +
                          module * kQrQuietZoneModules;
  const double origin_y = std::round((y + (side - module * modules) / 2) / kModuleGrid) * kModuleGrid +
                          module * kQrQuietZoneModules;
  // On a PDF page the modules are drawn into a recording surface in module units and placed
  // with one matrix: cairo writes it as a form XObject whose coordinates are small integers,
  // which makes the QR code's share of the page content about half as long. Raster targets
  // draw directly (a recording surface source would be rasterized at one pixel per module).
  const bool pdf = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF;
  cairo_surface_t* recording = nullptr;
  cairo_t* target = cr;
  if (pdf) {
    const cairo_rectangle_t extents{0, 0, static_cast<double>(qr.size), static_cast<double>(qr.size)};
    recording = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents);
    target = cairo_create(recording);
  } else {
    cairo_translate(cr, origin_x, origin_y);
    cairo_scale(cr, module, module);
  }
  // Each horizontal run of dark modules is one line one module thick, and all of them are
  // one path stroked once: a single paint operation covers the union, so rasterizers draw no
  // seams between modules or rows, and a run costs the PDF four numbers (a rectangle eight).
  cairo_new_path(target);
  for (int row = 0; row < qr.size; ++row) {
    for (int col = 0; col < qr.size;) {
      if (!qr.At(col, row)) {
        ++col;
        continue;
      }
      const int start = col;
      while (col < qr.size && qr.At(col, row)) ++col;
      cairo_move_to(target, start, row + 0.5);
      cairo_line_to(target, col, row + 0.5);
    }
  }
  cairo_set_source_rgb(target, red, green, blue);
  cairo_set_line_width(target, 1);
  cairo_set_line_cap(target, CAIRO_LINE_CAP_BUTT);
  cairo_stroke(target);
  if (pdf) {
    cairo_destroy(target);
    cairo_translate(cr, origin_x, origin_y);
    cairo_scale(cr, module, module);
    cairo_set_source_surface(cr, recording, 0, 0);
    cairo_rectangle(cr, 0, 0, qr.size, qr.size);
    cairo_fill(cr);
    cairo_surface_destroy(recording);
  }
  cairo_restore(cr);
}

}  // namespace pramaan::certificate
