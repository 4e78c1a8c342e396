#!/usr/bin/env bash
# Generates the upload corpus read by UploadParserTest: a tiny test CA (root, intermediate), good uploads under good/
# and one malformed upload per defect under bad/ (each listed, with the phrase its refusal must name, in bad-uploads.csv).
# Run once with OpenSSL 3.0 (and the JDK's keytool); the outputs are committed, this script is kept to explain and redo them.
# "make-corpus.sh --tls-client-rules-only" makes again only the chains of the last section (each with its own small CA), so
# that they could be added without changing the files made before them.
# Good certificates are valid for 100 years from the day the script ran; the expired and not-yet-valid ones have fixed dates
# (2020-2021 and 2100-2110), so the test judges validity at a fixed instant, 2030-01-01.
set -euo pipefail

OPENSSL=${OPENSSL:-/usr/bin/openssl}
HERE=$(cd "$(dirname "$0")" && pwd)
GOOD="$HERE/good"
BAD="$HERE/bad"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

DAYS=36500
P12_PASSWORD=changeit
KEY_PASSPHRASE='correct horse battery staple'

ONLY_TLS_CLIENT_RULES=false
if [[ ${1:-} == --tls-client-rules-only ]]; then
    ONLY_TLS_CLIENT_RULES=true
else
    rm -rf "$GOOD" "$BAD"
    mkdir -p "$GOOD" "$BAD"
fi

# --- helpers ----------------------------------------------------------------------------------------------------------

cat > req.cnf <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
EOF

ec_key()  { "$OPENSSL" genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$2" -out "$1" 2>/dev/null; }
rsa_key() { "$OPENSSL" genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -out "$1" 2>/dev/null; }

# self_signed_ca KEY SUBJECT OUT
self_signed_ca() {
    cat > ca.ext <<'EOF'
[v3]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
    "$OPENSSL" req -new -x509 -key "$1" -subj "$2" -days "$DAYS" -sha256 -extensions v3 -config <(cat req.cnf ca.ext) -out "$3"
}

# sign CSR_KEY SUBJECT ISSUER_CERT ISSUER_KEY EXTENSIONS OUT [DIGEST]  (EXTENSIONS: the body of an [v3] section; DIGEST
# e.g. sha1 or md5, else OpenSSL's default, SHA-256)
sign() {
    printf '[v3]\n%s\n' "$5" > sign.ext
    "$OPENSSL" req -config req.cnf -new -key "$1" -subj "$2" -out sign.csr
    "$OPENSSL" x509 -req -in sign.csr -CA "$3" -CAkey "$4" -set_serial "0x$("$OPENSSL" rand -hex 12)" -days "$DAYS" \
        ${7:+"-$7"} -extfile sign.ext -extensions v3 -out "$6" 2>/dev/null
}

# sign_dated like sign, with fixed notBefore/notAfter (YYYYMMDDHHMMSSZ): openssl 3.0's x509 -req cannot set them, ca can.
sign_dated() {
    local key=$1 subject=$2 issuer=$3 issuer_key=$4 extensions=$5 out=$6 start=$7 end=$8
    rm -rf cadb && mkdir -p cadb/new && : > cadb/index.txt && "$OPENSSL" rand -hex 12 > cadb/serial
    cat > ca.cnf <<EOF
[ca]
default_ca = test_ca
[test_ca]
dir = $WORK/cadb
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
email_in_dn = no
[any]
commonName = supplied
organizationName = optional
[v3]
$extensions
EOF
    "$OPENSSL" req -config req.cnf -new -key "$key" -subj "$subject" -out dated.csr
    "$OPENSSL" ca -batch -config ca.cnf -notext -preserveDN -cert "$issuer" -keyfile "$issuer_key" -in dated.csr \
        -startdate "$start" -enddate "$end" -extensions v3 -out "$out" 2>/dev/null
}

leaf_ext() { # SANs
    printf 'basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\nsubjectAltName = %s\n' "$1"
}
leaf_ext_no_san() {
    printf 'basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = serverAuth\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n'
}
ca_ext() {
    printf 'basicConstraints = critical, CA:TRUE, pathlen:0\nkeyUsage = critical, keyCertSign, cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n'
}

pkcs8()  { "$OPENSSL" pkcs8 -topk8 -nocrypt -in "$1"; }
der()    { "$OPENSSL" x509 -in "$1" -outform der; }

# --- chains a TLS client refuses although every signature verifies ---------------------------------------------------
# A TLS client validates the chain by the PKIX rules (RFC 5280): every issuing certificate is a CA (basic constraints
# CA:TRUE) allowed to sign certificates (key usage keyCertSign), path length and name constraints hold, no critical
# extension is unknown; and, as OpenSSL does from security level 1 on, no MD5 or SHA-1 signature is relied on. A root's
# own self-signature is not relied on (the root is trusted as it is), so an MD5 self-signed root is fine.
# "openssl verify -auth_level 2" refuses the bad chains and accepts the good ones (UploadParserOpenSslCrossCheckTest).
# Each chain has its own small CA, made here, and its root in the upload; the roots are RSA because MD5 has no ECDSA
# signature, and OpenSSL 3.0's default provider still signs with MD5 and SHA-1 when asked (-md5, -sha1).
# Then the byte-order mark cases, made from a good upload above.

ca_v3() { # the body of a [v3] section for an intermediate; $1 replaces its basic constraints and key usage lines
    printf '%s\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n' \
        "${1:-$'basicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign'}"
}

# rules_root KEY SUBJECT OUT DIGEST [PATHLEN]: a self-signed RSA root
rules_root() {
    rsa_key "$1" 2048
    printf '[v3]\nbasicConstraints = critical, CA:TRUE%s\nkeyUsage = critical, keyCertSign, cRLSign\nsubjectKeyIdentifier = hash\n' \
        "${5:+, pathlen:$5}" > root-v3.ext
    "$OPENSSL" req -new -x509 -key "$1" -subj "$2" -days "$DAYS" "-$4" -extensions v3 -config <(cat req.cnf root-v3.ext) -out "$3"
}

# chain_upload OUT LEAF INTERMEDIATE ROOT LEAF_KEY: a bundle as a user sends it
chain_upload() { { cat "$2" "$3" "$4"; pkcs8 "$5"; } > "$1"; }

tls_client_rule_cases() {
    rules_root rules-root.key "/O=Certflow Test/CN=Certflow Rules Test Root CA" rules-root.pem sha256
    ec_key rules-leaf.key prime256v1

    # The issue's example: the "intermediate" is an end-entity certificate (CA:FALSE, digitalSignature only).
    ec_key not-ca.key prime256v1
    sign not-ca.key "/O=Certflow Test/CN=Certflow Test Not-a-CA Intermediate" rules-root.pem rules-root.key \
        "$(ca_v3 $'basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature')" not-ca.pem
    sign rules-leaf.key "/O=Certflow Test/CN=www.example.test" not-ca.pem not-ca.key "$(leaf_ext 'DNS:www.example.test')" \
        by-not-ca.pem
    chain_upload "$BAD/intermediate-not-a-ca.pem" by-not-ca.pem not-ca.pem rules-root.pem rules-leaf.key

    # A CA, but its key usage does not allow signing certificates.
    ec_key no-cert-sign.key prime256v1
    sign no-cert-sign.key "/O=Certflow Test/CN=Certflow Test No-keyCertSign Intermediate CA" rules-root.pem rules-root.key \
        "$(ca_v3 $'basicConstraints = critical, CA:TRUE\nkeyUsage = critical, digitalSignature')" no-cert-sign.pem
    sign rules-leaf.key "/O=Certflow Test/CN=www.example.test" no-cert-sign.pem no-cert-sign.key \
        "$(leaf_ext 'DNS:www.example.test')" by-no-cert-sign.pem
    chain_upload "$BAD/intermediate-without-keycertsign.pem" by-no-cert-sign.pem no-cert-sign.pem rules-root.pem rules-leaf.key

    # A root allowing no intermediate CA below it (pathlen:0) that issued one anyway.
    rules_root pathlen-root.key "/O=Certflow Test/CN=Certflow Test Pathlen-0 Root CA" pathlen-root.pem sha256 0
    ec_key below-pathlen.key prime256v1
    sign below-pathlen.key "/O=Certflow Test/CN=Certflow Test Intermediate CA below Pathlen-0" pathlen-root.pem pathlen-root.key \
        "$(ca_v3)" below-pathlen.pem
    sign rules-leaf.key "/O=Certflow Test/CN=www.example.test" below-pathlen.pem below-pathlen.key \
        "$(leaf_ext 'DNS:www.example.test')" by-below-pathlen.pem
    chain_upload "$BAD/path-length-exceeded.pem" by-below-pathlen.pem below-pathlen.pem pathlen-root.pem rules-leaf.key

    # An intermediate permitted only names under example.org: a leaf for other.test breaks that, one for www.example.org not.
    ec_key org-only.key prime256v1
    sign org-only.key "/O=Certflow Test/CN=Certflow Test example.org-only Intermediate CA" rules-root.pem rules-root.key \
        "$(ca_v3)"$'\nnameConstraints = critical, permitted;DNS:example.org' org-only.pem
    sign rules-leaf.key "/O=Certflow Test/CN=other.test" org-only.pem org-only.key "$(leaf_ext 'DNS:other.test')" \
        by-org-only-outside.pem
    chain_upload "$BAD/name-constraints-violated.pem" by-org-only-outside.pem org-only.pem rules-root.pem rules-leaf.key
    sign rules-leaf.key "/O=Certflow Test/CN=www.example.org" org-only.pem org-only.key "$(leaf_ext 'DNS:www.example.org')" \
        by-org-only-inside.pem
    chain_upload "$GOOD/name-constrained-intermediate-leaf-within.pem" by-org-only-inside.pem org-only.pem rules-root.pem \
        rules-leaf.key

    # A critical extension no client knows (an OID under 2.25, the arc of UUIDs, so that it is nobody's).
    ec_key critical.key prime256v1
    sign critical.key "/O=Certflow Test/CN=Certflow Test Critical-Extension Intermediate CA" rules-root.pem rules-root.key \
        "$(ca_v3)"$'\n2.25.329800735698586629295641978511506172918 = critical, ASN1:UTF8String:understand me or refuse me' \
        critical.pem
    sign rules-leaf.key "/O=Certflow Test/CN=www.example.test" critical.pem critical.key "$(leaf_ext 'DNS:www.example.test')" \
        by-critical.pem
    chain_upload "$BAD/unknown-critical-extension.pem" by-critical.pem critical.pem rules-root.pem rules-leaf.key

    # Weak signatures: a leaf signed with SHA-1, an intermediate signed with MD5.
    ec_key rules-int.key prime256v1
    sign rules-int.key "/O=Certflow Test/CN=Certflow Rules Test Intermediate CA" rules-root.pem rules-root.key "$(ca_v3)" \
        rules-int.pem
    sign rules-leaf.key "/O=Certflow Test/CN=sha1.example.test" rules-int.pem rules-int.key "$(leaf_ext 'DNS:sha1.example.test')" \
        sha1-leaf.pem sha1
    chain_upload "$BAD/sha1-signed-leaf.pem" sha1-leaf.pem rules-int.pem rules-root.pem rules-leaf.key
    ec_key md5-int.key prime256v1
    sign md5-int.key "/O=Certflow Test/CN=Certflow Test MD5-Signed Intermediate CA" rules-root.pem rules-root.key "$(ca_v3)" \
        md5-int.pem md5
    sign rules-leaf.key "/O=Certflow Test/CN=www.example.test" md5-int.pem md5-int.key "$(leaf_ext 'DNS:www.example.test')" \
        by-md5-int.pem
    chain_upload "$BAD/md5-signed-intermediate.pem" by-md5-int.pem md5-int.pem rules-root.pem rules-leaf.key

    # A root's own signature is not relied on: a chain below an MD5 self-signed root is accepted.
    rules_root md5-root.key "/O=Certflow Test/CN=Certflow Test MD5 Self-Signed Root CA" md5-root.pem md5
    ec_key under-md5-root.key prime256v1
    sign under-md5-root.key "/O=Certflow Test/CN=Certflow Test Intermediate CA under an MD5 Root" md5-root.pem md5-root.key \
        "$(ca_v3)" under-md5-root.pem
    sign rules-leaf.key "/O=Certflow Test/CN=www.example.test" under-md5-root.pem under-md5-root.key \
        "$(leaf_ext 'DNS:www.example.test')" by-under-md5-root.pem
    chain_upload "$GOOD/md5-self-signed-root-chain.pem" by-under-md5-root.pem under-md5-root.pem md5-root.pem rules-leaf.key

    # A UTF-8 byte-order mark, as Windows editors write it: at the start, and before each block of files concatenated.
    local bom=$'\xef\xbb\xbf' good="$GOOD/ec-p256-chain-pkcs8-key.pem"
    { printf '%s' "$bom"; cat "$good"; } > "$GOOD/ec-p256-chain-with-byte-order-mark.pem"
    sed "s/^-----BEGIN/$bom-----BEGIN/" "$good" > "$GOOD/ec-p256-chain-concatenated-files-with-byte-order-marks.pem"
    cp "$GOOD/ec-p256-chain-with-byte-order-mark.pem" "$BAD/pem-with-byte-order-mark-uploaded-as-pkcs12.pem"
}

if $ONLY_TLS_CLIENT_RULES; then
    tls_client_rule_cases
    echo "made again: the chains of the TLS client rules and the byte-order mark cases"
    exit 0
fi

# --- the test CA ------------------------------------------------------------------------------------------------------

ec_key root.key prime256v1
self_signed_ca root.key "/O=Certflow Test/CN=Certflow Test Root CA" root.pem
ec_key int.key prime256v1
sign int.key "/O=Certflow Test/CN=Certflow Test Intermediate CA" root.pem root.key "$(ca_ext)" int.pem

# Another root, never uploaded nor trusted, and an impostor intermediate: same name as the real one, another key.
ec_key other-root.key prime256v1
self_signed_ca other-root.key "/O=Certflow Test/CN=Certflow Other Root CA" other-root.pem
ec_key unrelated-root.key prime256v1
self_signed_ca unrelated-root.key "/O=Unrelated Test/CN=Unrelated Test Root CA" unrelated-root.pem
ec_key impostor.key prime256v1
sign impostor.key "/O=Certflow Test/CN=Certflow Test Intermediate CA" root.pem root.key "$(ca_ext)" impostor-int.pem

# --- leaves -----------------------------------------------------------------------------------------------------------

ec_key leaf-ec.key prime256v1
sign leaf-ec.key "/O=Certflow Test/CN=www.example.test" int.pem int.key \
    "$(leaf_ext 'DNS:www.example.test, DNS:example.test')" leaf-ec.pem
ec_key other-leaf.key prime256v1
sign other-leaf.key "/O=Certflow Test/CN=other.example.test" int.pem int.key "$(leaf_ext 'DNS:other.example.test')" other-leaf.pem
rsa_key leaf-rsa.key 2048
sign leaf-rsa.key "/O=Certflow Test/CN=rsa.example.test" int.pem int.key "$(leaf_ext 'DNS:rsa.example.test')" leaf-rsa.pem
ec_key leaf-p384.key secp384r1
sign leaf-p384.key "/O=Certflow Test/CN=p384.example.test" int.pem int.key \
    "$(leaf_ext 'DNS:p384.example.test, DNS:*.p384.example.test')" leaf-p384.pem
ec_key expired.key prime256v1
sign_dated expired.key "/O=Certflow Test/CN=expired.example.test" int.pem int.key "$(leaf_ext 'DNS:expired.example.test')" \
    expired.pem 20200101000000Z 20210101000000Z
ec_key future.key prime256v1
sign_dated future.key "/O=Certflow Test/CN=future.example.test" int.pem int.key "$(leaf_ext 'DNS:future.example.test')" \
    future.pem 21000101000000Z 21100101000000Z
rsa_key rsa1024.key 1024
sign rsa1024.key "/O=Certflow Test/CN=rsa1024.example.test" int.pem int.key "$(leaf_ext 'DNS:rsa1024.example.test')" rsa1024.pem
ec_key p521.key secp521r1
sign p521.key "/O=Certflow Test/CN=p521.example.test" int.pem int.key "$(leaf_ext 'DNS:p521.example.test')" p521.pem
"$OPENSSL" genpkey -algorithm ed25519 -out ed25519.key
sign ed25519.key "/O=Certflow Test/CN=ed25519.example.test" int.pem int.key "$(leaf_ext 'DNS:ed25519.example.test')" ed25519.pem
ec_key badname.key prime256v1
sign badname.key "/O=Certflow Test/CN=good.example.test" int.pem int.key \
    "$(leaf_ext 'DNS:good.example.test, DNS:bad_name.example.test')" badname.pem
ec_key ip.key prime256v1
sign ip.key "/O=Certflow Test/CN=192.0.2.10" int.pem int.key "$(leaf_ext 'IP:192.0.2.10')" ip.pem
ec_key cn.key prime256v1
sign cn.key "/O=Certflow Test/CN=Certflow Test Server" int.pem int.key "$(leaf_ext_no_san)" cn.pem
ec_key by-other-root.key prime256v1
sign by-other-root.key "/O=Certflow Test/CN=orphan.example.test" other-root.pem other-root.key \
    "$(leaf_ext 'DNS:orphan.example.test')" by-other-root.pem
ec_key self.key prime256v1
printf '[v3]\n%s\n' "$(leaf_ext 'DNS:self.example.test')" | sed 's/^authorityKeyIdentifier.*//' > self.ext
"$OPENSSL" req -new -x509 -key self.key -subj "/O=Certflow Test/CN=self.example.test" -days "$DAYS" -sha256 \
    -config <(cat req.cnf self.ext) -extensions v3 -out self.pem
rsa_key multi.key 1024
sign_dated multi.key "/O=Certflow Test/CN=multi.example.test" int.pem int.key \
    "$(leaf_ext 'DNS:multi.example.test, DNS:bad_name.example.test')" multi.pem 20200101000000Z 20210101000000Z

# The intermediate with one byte of its signature flipped: it still parses, the root's signature no longer verifies.
der int.pem > tampered.der
size=$(stat -c %s tampered.der)
offset=$((size - 10))
byte=$(xxd -s "$offset" -l 1 -p tampered.der)
printf "$(printf '\\x%02x' $((0x$byte ^ 0x01)))" | dd of=tampered.der bs=1 seek="$offset" conv=notrunc 2>/dev/null
"$OPENSSL" x509 -inform der -in tampered.der -out tampered-int.pem

# --- good uploads -----------------------------------------------------------------------------------------------------

cp root.pem "$GOOD/trust-store-root.pem"
{ cat leaf-ec.pem int.pem root.pem; pkcs8 leaf-ec.key; } > "$GOOD/ec-p256-chain-pkcs8-key.pem"
{ cat leaf-rsa.pem int.pem root.pem
  "$OPENSSL" pkcs8 -topk8 -v2 aes-256-cbc -in leaf-rsa.key -passout "pass:$KEY_PASSPHRASE"; } > "$GOOD/rsa2048-chain-encrypted-pkcs8-key.pem"
{ "$OPENSSL" pkey -in leaf-rsa.key -traditional; cat leaf-rsa.pem int.pem root.pem; } > "$GOOD/rsa2048-key-first-traditional-rsa-key.pem"
{ cat leaf-rsa.pem int.pem root.pem
  "$OPENSSL" rsa -in leaf-rsa.key -traditional -aes256 -passout "pass:$KEY_PASSPHRASE" 2>/dev/null; } > "$GOOD/rsa2048-chain-legacy-encrypted-rsa-key.pem"
{ cat leaf-p384.pem int.pem root.pem
  "$OPENSSL" ecparam -name secp384r1
  "$OPENSSL" ec -in leaf-p384.key 2>/dev/null; } > "$GOOD/ec-p384-wildcard-chain-ec-params-and-ec-key.pem"
"$OPENSSL" pkcs12 -export -name www.example.test -inkey leaf-ec.key -in leaf-ec.pem -certfile <(cat int.pem root.pem) \
    -passout "pass:$P12_PASSWORD" -out "$GOOD/ec-p256-chain.p12"
# OpenSSL 3 encrypts with PBES2 (PBKDF2, AES-256-CBC) even under an empty password.
"$OPENSSL" pkcs12 -export -name www.example.test -inkey leaf-ec.key -in leaf-ec.pem -certfile <(cat int.pem root.pem) \
    -passout pass: -out "$GOOD/ec-p256-chain-empty-password.p12"
{ cat leaf-ec.pem int.pem; pkcs8 leaf-ec.key; } > "$GOOD/ec-p256-chain-to-trusted-root.pem"
{ cat expired.pem int.pem root.pem; pkcs8 expired.key; } > "$GOOD/expired-leaf-accepted-with-flag.pem"
cat int.pem root.pem > "$GOOD/ca-intermediate-and-root-without-key.pem"

# --- bad uploads ------------------------------------------------------------------------------------------------------

: > "$BAD/empty.pem"
head -n 6 leaf-ec.pem > "$BAD/truncated-pem-no-end-line.pem"
{ head -n 6 leaf-ec.pem; echo '-----END CERTIFICATE-----'; } > "$BAD/truncated-base64-body.pem"
{ echo '-----BEGIN CERTIFICATE-----'; echo 'MIIB!!this is *not* base64 at all!!'; echo '-----END CERTIFICATE-----'; } > "$BAD/bad-base64.pem"
{ echo '-----BEGIN CERTIFICATE-----'; printf 'Certflow: these bytes are not DER at all.' | base64; echo '-----END CERTIFICATE-----'
  cat int.pem root.pem; pkcs8 leaf-ec.key; } > "$BAD/der-garbage-in-certificate-block.pem"
{ cat leaf-ec.pem int.pem root.pem
  echo '-----BEGIN PRIVATE KEY-----'; printf '\x30\x82\x01\x00 not a PKCS#8 private key, just garbage bytes' | base64; echo '-----END PRIVATE KEY-----'; } \
    > "$BAD/der-garbage-in-private-key-block.pem"
{ sed 's/-----END CERTIFICATE-----/-----END PRIVATE KEY-----/' leaf-ec.pem; cat int.pem root.pem; pkcs8 leaf-ec.key; } > "$BAD/mismatched-end-line.pem"
{ cat leaf-ec.pem int.pem root.pem; pkcs8 leaf-ec.key
  "$OPENSSL" req -config req.cnf -new -key leaf-ec.key -subj "/CN=www.example.test"; } > "$BAD/unknown-pem-block-certificate-request.pem"
{ cat leaf-ec.pem int.pem root.pem; "$OPENSSL" pkey -in leaf-ec.key -pubout; } > "$BAD/public-key-instead-of-private-key.pem"
pkcs8 leaf-ec.key > "$BAD/key-only-no-certificate.pem"
cat leaf-ec.pem int.pem root.pem > "$BAD/chain-only-no-private-key.pem"
der leaf-ec.pem > "$BAD/binary-der-certificate-named-pem.pem"
printf 'This is my certificate, please import it.\nwww.example.test\n' > "$BAD/plain-text-without-pem-blocks.pem"
{ cat leaf-ec.pem int.pem root.pem; pkcs8 leaf-ec.key; pkcs8 other-leaf.key; } > "$BAD/two-private-keys.pem"
{ cat leaf-rsa.pem int.pem root.pem
  "$OPENSSL" pkcs8 -topk8 -v2 aes-256-cbc -in leaf-rsa.key -passout "pass:$KEY_PASSPHRASE"; } > "$BAD/encrypted-key-without-passphrase.pem"
cp "$BAD/encrypted-key-without-passphrase.pem" "$BAD/encrypted-key-wrong-passphrase.pem"
cp "$GOOD/rsa2048-chain-legacy-encrypted-rsa-key.pem" "$BAD/legacy-encrypted-key-wrong-passphrase.pem"
{ cat leaf-ec.pem int.pem root.pem; pkcs8 other-leaf.key; } > "$BAD/key-of-another-certificate.pem"
{ cat leaf-ec.pem int.pem root.pem; pkcs8 int.key; } > "$BAD/key-of-the-intermediate.pem"
{ cat leaf-ec.pem root.pem; pkcs8 leaf-ec.key; } > "$BAD/missing-intermediate.pem"
{ cat leaf-ec.pem; pkcs8 leaf-ec.key; } > "$BAD/leaf-without-chain.pem"
{ cat leaf-ec.pem root.pem int.pem; pkcs8 leaf-ec.key; } > "$BAD/chain-out-of-order.pem"
{ cat int.pem leaf-ec.pem root.pem; pkcs8 leaf-ec.key; } > "$BAD/leaf-not-first.pem"
{ cat leaf-ec.pem int.pem root.pem unrelated-root.pem; pkcs8 leaf-ec.key; } > "$BAD/unrelated-extra-certificate.pem"
{ cat leaf-ec.pem int.pem int.pem root.pem; pkcs8 leaf-ec.key; } > "$BAD/duplicate-certificate.pem"
{ cat leaf-ec.pem tampered-int.pem root.pem; pkcs8 leaf-ec.key; } > "$BAD/intermediate-signature-tampered.pem"
{ cat leaf-ec.pem impostor-int.pem root.pem; pkcs8 leaf-ec.key; } > "$BAD/impostor-intermediate-same-name.pem"
{ cat by-other-root.pem; pkcs8 by-other-root.key; } > "$BAD/leaf-issued-by-root-missing-from-store.pem"
{ cat self.pem; pkcs8 self.key; } > "$BAD/self-signed-leaf-not-in-store.pem"
{ cat rsa1024.pem int.pem root.pem; pkcs8 rsa1024.key; } > "$BAD/rsa1024-leaf.pem"
{ cat p521.pem int.pem root.pem; pkcs8 p521.key; } > "$BAD/secp521r1-leaf.pem"
{ cat ed25519.pem int.pem root.pem; cat ed25519.key; } > "$BAD/ed25519-leaf.pem"
{ cat expired.pem int.pem root.pem; pkcs8 expired.key; } > "$BAD/expired-leaf.pem"
{ cat future.pem int.pem root.pem; pkcs8 future.key; } > "$BAD/not-yet-valid-leaf.pem"
{ cat badname.pem int.pem root.pem; pkcs8 badname.key; } > "$BAD/invalid-dns-name-in-san.pem"
{ cat ip.pem int.pem root.pem; pkcs8 ip.key; } > "$BAD/ip-only-san.pem"
{ cat cn.pem int.pem root.pem; pkcs8 cn.key; } > "$BAD/common-name-not-a-dns-name-without-san.pem"
{ cat multi.pem int.pem root.pem; pkcs8 multi.key; } > "$BAD/expired-rsa1024-leaf-with-invalid-name.pem"
cat int.pem > "$BAD/ca-intermediate-without-its-root.pem"
cp "$GOOD/ec-p256-chain.p12" "$BAD/pkcs12-wrong-password.p12"
cp "$GOOD/ec-p256-chain.p12" "$BAD/pkcs12-without-password.p12"
head -c 400 /dev/urandom > "$BAD/pkcs12-garbage.p12"
head -c 600 "$GOOD/ec-p256-chain.p12" > "$BAD/pkcs12-truncated.p12"
"$OPENSSL" pkcs12 -export -nokeys -in <(cat leaf-ec.pem int.pem root.pem) -passout "pass:$P12_PASSWORD" \
    -out "$BAD/pkcs12-certificates-only.p12"
"$OPENSSL" pkcs12 -export -nocerts -inkey leaf-ec.key -passout "pass:$P12_PASSWORD" -out "$BAD/pkcs12-key-only.p12"
"$OPENSSL" pkcs12 -export -name other.example.test -inkey other-leaf.key -in other-leaf.pem -certfile <(cat int.pem root.pem) \
    -passout "pass:$P12_PASSWORD" -out other.p12
cp "$GOOD/ec-p256-chain.p12" two.p12
keytool -importkeystore -noprompt -srckeystore other.p12 -srcstoretype PKCS12 -srcstorepass "$P12_PASSWORD" \
    -destkeystore two.p12 -deststoretype PKCS12 -deststorepass "$P12_PASSWORD" >/dev/null 2>&1
cp two.p12 "$BAD/pkcs12-two-keys.p12"
cp "$GOOD/ec-p256-chain-pkcs8-key.pem" "$BAD/pem-uploaded-as-pkcs12.pem"
cp "$GOOD/ec-p256-chain.p12" "$BAD/pkcs12-uploaded-as-pem.p12"

tls_client_rule_cases

echo "good: $(ls "$GOOD" | wc -l) files, bad: $(ls "$BAD" | wc -l) files, $(du -sb "$HERE" | cut -f1) bytes in all"
