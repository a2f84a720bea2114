# Certificates end to end: the real binary, pdfsig, pdfdetach, pdffonts, pdftotext, pdftoppm
# and zbarimg.
pramaan_test(certificate_end_to_end_test certificate/end_to_end_test.cc pramaan_certificate
             pramaan_core)
