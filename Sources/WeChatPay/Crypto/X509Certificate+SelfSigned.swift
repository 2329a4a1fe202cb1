import COpenSSL
import Foundation

extension X509Certificate {
    /// Mints a self-signed SHA256withRSA certificate: the simulator's merchant and platform certificates.
    ///
    /// - Parameter serialNumber: hexadecimal, as it will be announced in `Wechatpay-Serial` / `serial_no`; it must
    ///   read back unchanged (even number of digits, no leading `00` byte), else `.invalidSerialNumber`.
    public static func selfSigned(
        key: RSAPrivateKey, commonName: String, organization: String?, serialNumber: String,
        notBefore: Date, notAfter: Date
    ) throws -> X509Certificate {
        guard let certificate = X509_new() else { throw CryptoError.lastOpenSSL("X509_new") }
        defer { X509_free(certificate) }
        guard X509_set_version(certificate, 2) == 1 else { throw CryptoError.lastOpenSSL("X509_set_version") }
        try setSerial(serialNumber, on: certificate)
        guard ASN1_TIME_set(X509_getm_notBefore(certificate), time_t(notBefore.timeIntervalSince1970)) != nil,
            ASN1_TIME_set(X509_getm_notAfter(certificate), time_t(notAfter.timeIntervalSince1970)) != nil
        else { throw CryptoError.lastOpenSSL("ASN1_TIME_set") }
        try setName(commonName: commonName, organization: organization, on: certificate)
        guard X509_set_pubkey(certificate, key.key) == 1 else { throw CryptoError.lastOpenSSL("X509_set_pubkey") }
        guard X509_sign(certificate, key.key, EVP_sha256()) > 0 else { throw CryptoError.lastOpenSSL("X509_sign") }
        let minted = try X509Certificate(certificate: certificate)
        guard minted.serialNumber == serialNumber.uppercased() else {
            throw CryptoError.invalidSerialNumber(serialNumber)
        }
        return minted
    }

    private static func setSerial(_ hex: String, on certificate: OpaquePointer) throws {
        let digits = hex.uppercased()
        guard !digits.isEmpty, digits.count <= 40, digits.allSatisfy(\.isHexDigit) else {
            throw CryptoError.invalidSerialNumber(hex)
        }
        var number: OpaquePointer?
        guard BN_hex2bn(&number, digits) > 0, let number else { throw CryptoError.invalidSerialNumber(hex) }
        defer { BN_free(number) }
        guard let integer = BN_to_ASN1_INTEGER(number, nil) else { throw CryptoError.lastOpenSSL("BN_to_ASN1_INTEGER") }
        defer { ASN1_INTEGER_free(integer) }
        guard X509_set_serialNumber(certificate, integer) == 1 else {
            throw CryptoError.lastOpenSSL("X509_set_serialNumber")
        }
    }

    private static func setName(commonName: String, organization: String?, on certificate: OpaquePointer) throws {
        guard let name = X509_NAME_new() else { throw CryptoError.lastOpenSSL("X509_NAME_new") }
        defer { X509_NAME_free(name) }
        var entries = [("C", "CN")]
        if let organization { entries.append(("O", organization)) }
        entries.append(("CN", commonName))
        for (field, value) in entries {
            let bytes = Array(value.utf8)
            guard X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0) == 1 else {
                throw CryptoError.lastOpenSSL("X509_NAME_add_entry_by_txt")
            }
        }
        guard X509_set_subject_name(certificate, name) == 1, X509_set_issuer_name(certificate, name) == 1 else {
            throw CryptoError.lastOpenSSL("X509_set_subject_name")
        }
    }
}
