import COpenSSL

/// The raw OpenSSL key the references use, read from PEM text by `read` (`PEM_read_bio_PrivateKey`,
/// `PEM_read_bio_PUBKEY`). The memory BIO reads the C string in place, so it lives only inside `withCString`
/// (created outside it, it pointed at freed memory and the signing reference failed to load its key).
func readPEMKey(_ pem: String, _ read: (OpaquePointer?) -> OpaquePointer?) -> OpaquePointer? {
    pem.withCString { text in
        let bio = BIO_new_mem_buf(text, -1)
        defer { BIO_free(bio) }
        return read(bio)
    }
}
