# A throwaway certificate authority and the certificates a secured test deployment needs, made
# with openssl: the server certificate (for 127.0.0.1 and localhost) that the Kafka broker and
# redis-server present, and one client certificate that vigil's clients present (both servers
# require one). Sourced by secured.sh.

# certificates_make <dir>: writes ca.pem, server.pem + server.key, client.pem + client.key and
# client-encrypted.key (the same key under the passphrase in client-key-password) into <dir>.
certificates_make() {
  local dir=$1
  mkdir -p "$dir"
  (
    cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=vigil test CA' \
      -keyout ca.key -out ca.pem >openssl.log 2>&1
    certificate_signed server 'subjectAltName=IP:127.0.0.1,DNS:localhost'
    certificate_signed client 'extendedKeyUsage=clientAuth'
    head -c 18 /dev/urandom | base64 | tr -d '\n/+=' >client-key-password
    # Kafka's Java client calls this ssl.key.password; vigil's KAFKA_SSL_KEY_PASSWORD_FILE.
    openssl pkcs8 -topk8 -in client.key -out client-encrypted.key -passout file:client-key-password >>openssl.log 2>&1
    chmod 600 ./*.key client-key-password
  ) || fail "openssl could not make the test certificates (see $dir/openssl.log)"
}

# certificate_signed <name> <extension>: <name>.key and <name>.pem signed by the CA in this folder.
certificate_signed() {
  local name=$1 extension=$2
  openssl req -newkey rsa:2048 -nodes -subj "/CN=vigil test $name" -keyout "$name.key" -out "$name.csr" >>openssl.log 2>&1
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
    -extfile <(echo "$extension") -out "$name.pem" >>openssl.log 2>&1
  rm -f "$name.csr"
}
