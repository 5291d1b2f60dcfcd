/**
 * A self-signed certificate for 127.0.0.1 and localhost (valid 2000 to 2100) and its key, made
 * once for tests of https delivery: certificate verification must refuse it unless it is trusted.
 * Test-only; it protects nothing.
 */
export const TEST_TLS_KEY = `
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgn10cW7QYdk3ZzRcJ
p0wMUB/3LZKCUm2XI2TktCi1/T+hRANCAATMPs06q6Wgw2FskEM0w1tV7mgisdz2
GGTnrqFIuYJdWk8ROA+A+tDTpnzzA2idSLEYK5Wg1qSqmoajcUCc+UXb
-----END PRIVATE KEY-----
`;

export const TEST_TLS_CERT = `
-----BEGIN CERTIFICATE-----
MIIBbjCCARWgAwIBAgIUcwbDOU5+T6GBPNiXrBIkmTYW5QEwCgYIKoZIzj0EAwIw
HjEcMBoGA1UEAwwTdmlnaWwgdGVzdCByZWNlaXZlcjAgFw0wMDAxMDEwMDAwMDBa
GA8yMTAwMDEwMTAwMDAwMFowHjEcMBoGA1UEAwwTdmlnaWwgdGVzdCByZWNlaXZl
cjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMw+zTqrpaDDYWyQQzTDW1XuaCKx
3PYYZOeuoUi5gl1aTxE4D4D60NOmfPMDaJ1IsRgrlaDWpKqahqNxQJz5RdujLzAt
MBoGA1UdEQQTMBGHBH8AAAGCCWxvY2FsaG9zdDAPBgNVHRMBAf8EBTADAQH/MAoG
CCqGSM49BAMCA0cAMEQCIDC1gCBBJjv2v6wTYT5fE+E5WGQmJPZSCZCDLaluHOWJ
AiARorwFQS0tvn9HsRmmIe1J5b2Ig9EMJtYu3EzjJqBKLw==
-----END CERTIFICATE-----
`;
