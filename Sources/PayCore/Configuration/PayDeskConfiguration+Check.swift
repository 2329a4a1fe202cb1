import Foundation
import WeChatPay

extension PayDeskConfiguration {
    /// Checks the key material: files exist, private keys have mode 0600, everything parses, the private key
    /// matches the merchant certificate (and its serial) when one is given. Never reads secrets into messages.
    public func check() -> [ConfigurationIssue] {
        var issues: [ConfigurationIssue] = []
        func fail(_ field: String, _ file: String?, _ message: String, _ severity: ConfigurationIssue.Severity = .error) {
            issues.append(ConfigurationIssue(severity: severity, field: field, file: file, message: message))
        }
        func read(_ field: String, _ path: String, secret: Bool) -> String? {
            guard FileManager.default.fileExists(atPath: path) else {
                fail(field, path, "file does not exist")
                return nil
            }
            if secret, let mode = Self.permissions(of: path), mode & 0o077 != 0 {
                fail(field, path, String(format: "mode is %04o; a private key must be 0600 (chmod 600 %@)", mode, path))
            }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                fail(field, path, "cannot read the file")
                return nil
            }
            return text
        }

        var privateKey: RSAPrivateKey?
        if let text = read("merchant.private_key", merchantPrivateKeyPath, secret: true) {
            privateKey = try? RSAPrivateKey(pem: text)
            if privateKey == nil { fail("merchant.private_key", merchantPrivateKeyPath, "not an RSA private key PEM") }
        }
        if let path = merchantCertificatePath, let text = read("merchant.certificate", path, secret: false) {
            if let certificate = try? X509Certificate(pem: text) {
                if let privateKey, !privateKey.publicKey.isSameKey(as: certificate.publicKey) {
                    fail("merchant.certificate", path, "does not match merchant.private_key (another key pair)")
                }
                if certificate.serialNumber.caseInsensitiveCompare(merchantSerial) != .orderedSame {
                    fail(
                        "merchant.serial_no", sourcePath,
                        "is \(merchantSerial) but the certificate's serial is \(certificate.serialNumber)")
                }
                if !certificate.isValid(at: Date()) { fail("merchant.certificate", path, "has expired or is not yet valid") }
            } else {
                fail("merchant.certificate", path, "not an X.509 certificate PEM")
            }
        }
        if let path = platformPublicKeyPath, let text = read("platform.public_key", path, secret: false) {
            if (try? RSAPublicKey(pem: text)) == nil { fail("platform.public_key", path, "not an RSA public key PEM") }
        }
        for path in platformCertificatePaths {
            guard let text = read("platform.certificates", path, secret: false) else { continue }
            if let certificate = try? X509Certificate(pem: text) {
                if !certificate.isValid(at: Date()) {
                    fail("platform.certificates", path, "has expired; it will be refreshed from /v3/certificates", .warning)
                }
            } else {
                fail("platform.certificates", path, "not an X.509 certificate PEM")
            }
        }
        if platformPublicKeyPath == nil && platformCertificatePaths.isEmpty && apiVersion == .v3 {
            fail(
                "platform.public_key", sourcePath,
                "neither a WeChat Pay public key nor platform certificates are configured; certificates will be downloaded",
                .warning)
        }
        if apiV3Key.value.utf8.count != 32 { fail("merchant.apiv3_key", sourcePath, "must be 32 characters") }
        if let sourcePath, FileManager.default.fileExists(atPath: sourcePath),
            let mode = Self.permissions(of: sourcePath), mode & 0o077 != 0, sourcePath.hasSuffix(".toml")
        {
            fail("merchant.apiv3_key", sourcePath, String(format: "the file holds secrets; mode %04o should be 0600", mode), .warning)
        }
        if apiVersion == .v2 && merchantCertificatePath == nil {
            fail("merchant.certificate", sourcePath, "v2 refunds need the merchant certificate", .warning)
        }
        return issues
    }

    static func permissions(of path: String) -> Int? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let mode = attributes[.posixPermissions] as? NSNumber
        else { return nil }
        return mode.intValue & 0o777
    }
}
