#!/usr/bin/env bash
# Makes the TLS tests' certificates with openssl, in DIR (made if missing):
#   ca.pem/ca.key            a CA
#   server.pem/server.key    a server leaf from the CA for localhost, 127.0.0.1 and ::1
#   wrongname.pem/.key       a leaf from the CA for other.example only
#   expired.pem/.key         a leaf from the CA for 127.0.0.1, valid 2020-01-01 to 2021-01-01
#   future.pem/.key          a leaf from the CA for 127.0.0.1, valid from 2099-01-01
#   client.pem/client.key    a client certificate from the CA (CN=greeter-tui test client)
#   clientonly.pem/.key      a leaf from the CA for 127.0.0.1 whose extended key usage is
#                            clientAuth only: not a server's
#   otherca.pem/otherca.key  another CA, that signed none of them
set -euo pipefail
dir=${1:?usage: make-certificates.sh DIR}
mkdir -p "$dir"
cd "$dir"
quiet() { "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@"; exit 1; }; }

key() { quiet openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

ca() {
  key "$1.key"
  quiet openssl req -x509 -new -key "$1.key" -out "$1.pem" -days 3650 -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}

# leaf NAME CN SAN USAGE [STARTDATE ENDDATE]
leaf() {
  key "$1.key"
  quiet openssl req -new -key "$1.key" -out "$1.csr" -subj "/CN=$2"
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\nsubjectAltName=%s\n' \
    "$4" "$3" >"$1.ext"
  if [ $# -ge 6 ]; then
    # Dates in the past or the future need `openssl ca` (x509 -req only counts days from now).
    mkdir -p ca-db
    : >ca-db/index.txt
    echo 1000 >ca-db/serial
    cat >ca-db/config <<CONFIG
[ca]
default_ca = test
[test]
database = ca-db/index.txt
serial = ca-db/serial
new_certs_dir = ca-db
default_md = sha256
policy = any
copy_extensions = none
[any]
commonName = supplied
CONFIG
    quiet openssl ca -batch -config ca-db/config -cert ca.pem -keyfile ca.key -in "$1.csr" \
      -out "$1.pem" -startdate "$5" -enddate "$6" -extfile "$1.ext" -notext
  else
    quiet openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$1.pem" \
      -days 365 -extfile "$1.ext"
  fi
  rm -f "$1.csr" "$1.ext"
}

ca ca "greeter-tui test CA"
ca otherca "some other CA"
leaf server "127.0.0.1" "DNS:localhost,IP:127.0.0.1,IP:::1" serverAuth
leaf wrongname "other.example" "DNS:other.example" serverAuth
leaf expired "127.0.0.1" "IP:127.0.0.1" serverAuth 20200101000000Z 20210101000000Z
leaf future "127.0.0.1" "IP:127.0.0.1" serverAuth 20990101000000Z 21000101000000Z
leaf client "greeter-tui test client" "DNS:client.example" clientAuth
leaf clientonly "127.0.0.1" "IP:127.0.0.1" clientAuth
rm -rf ca-db ca.srl
