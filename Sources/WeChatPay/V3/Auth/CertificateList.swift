import Foundation

/// Why a `/v3/certificates` body could not be turned into certificates.
public enum CertificateListError: Error, Equatable, Sendable {
    case notJSON
    case unsupportedAlgorithm(String)
    /// The decrypted certificate's serial differs from the entry's `serial_no`.
    case serialMismatch(expected: String, actual: String)
}

/// The JSON body of `GET /v3/certificates`.
struct CertificateListBody: Codable {
    struct Entry: Codable {
        var serialNumber: String
        var effectiveTime: String
        var expireTime: String
        var encryptCertificate: EncryptedCertificate

        enum CodingKeys: String, CodingKey {
            case serialNumber = "serial_no"
            case effectiveTime = "effective_time"
            case expireTime = "expire_time"
            case encryptCertificate = "encrypt_certificate"
        }
    }

    struct EncryptedCertificate: Codable {
        var algorithm: String
        var nonce: String
        var associatedData: String
        var ciphertext: String

        enum CodingKeys: String, CodingKey {
            case algorithm, nonce, ciphertext
            case associatedData = "associated_data"
        }
    }

    var data: [Entry]
}

extension ResponseVerifier {
    /// Decrypts every `encrypt_certificate` of a `/v3/certificates` body with the APIv3 key.
    /// Verify the response signature with the returned certificates before trusting them.
    public static func decryptCertificateList(body: Data, apiV3Key: some DataProtocol) throws -> [X509Certificate] {
        guard let list = try? JSONDecoder().decode(CertificateListBody.self, from: body) else {
            throw CertificateListError.notJSON
        }
        return try list.data.map { entry in
            let sealed = entry.encryptCertificate
            guard sealed.algorithm == AEADAES256GCM.algorithmName else {
                throw CertificateListError.unsupportedAlgorithm(sealed.algorithm)
            }
            let pem = try AEADAES256GCM.decrypt(
                ciphertextBase64: sealed.ciphertext, key: apiV3Key, nonce: sealed.nonce,
                associatedData: sealed.associatedData)
            let certificate = try X509Certificate(pem: String(decoding: pem, as: UTF8.self))
            guard certificate.serialNumber.uppercased() == entry.serialNumber.uppercased() else {
                throw CertificateListError.serialMismatch(expected: entry.serialNumber, actual: certificate.serialNumber)
            }
            return certificate
        }
    }

    /// Builds a `/v3/certificates` body as WeChat Pay would (simulator side), each certificate sealed with a
    /// fresh 12-character nonce and associated data `certificate`.
    public static func encryptCertificateList(_ certificates: [X509Certificate], apiV3Key: some DataProtocol) throws
        -> Data
    {
        let entries = try certificates.map { certificate in
            let nonce = Nonce.make(length: 12)
            let ciphertext = try AEADAES256GCM.encrypt(
                plaintext: Data(certificate.pem.utf8), key: apiV3Key, nonce: nonce, associatedData: "certificate")
            return CertificateListBody.Entry(
                serialNumber: certificate.serialNumber, effectiveTime: WeChatPayTime.format(certificate.notBefore),
                expireTime: WeChatPayTime.format(certificate.notAfter),
                encryptCertificate: .init(
                    algorithm: AEADAES256GCM.algorithmName, nonce: nonce, associatedData: "certificate",
                    ciphertext: ciphertext))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(CertificateListBody(data: entries))
    }
}
