# spravka in a container: build with the Tesseract, Leptonica and Hunspell
# headers, run on slim Debian with the libraries and the Russian data only,
# and MuPDF's mutool and qpdf for PDFs (read, and written searchable).
# Keep these steps mirrored in .ci/run (no Docker engine runs in CI).
#
#   docker build -t spravka .
#   docker run --rm -v "$PWD/scans:/data/scans:ro" -v "$PWD/output:/data/output" spravka
#   docker run --rm -v "$PWD:/data" spravka run my-scans -o my-output

FROM golang:1.26-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc pkg-config libtesseract-dev libleptonica-dev libhunspell-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Go's experimental SIMD package, for preprocessing's vector kernels (the
# same output without it, slower)
ENV GOEXPERIMENT=simd
RUN go build -trimpath -o /out/spravka ./cmd/spravka

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libtesseract5 tesseract-ocr-rus tesseract-ocr-eng libhunspell-1.7-0 hunspell-ru mupdf-tools qpdf \
 && rm -rf /var/lib/apt/lists/*
# one Tesseract thread per worker: OpenMP reads this when the library loads
ENV OMP_THREAD_LIMIT=1
COPY --from=build /out/spravka /usr/local/bin/spravka
WORKDIR /data
ENTRYPOINT ["spravka"]
CMD ["run", "scans", "-o", "output"]
