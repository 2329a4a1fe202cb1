/// Throwaway keys generated with the openssl CLI for negative and format tests (no other use).
enum CryptoTestKeys {
    /// A 1024-bit RSA key (too weak for WeChat Pay).
    static let rsa1024PKCS8 = """
        -----BEGIN PRIVATE KEY-----
        MIICdQIBADANBgkqhkiG9w0BAQEFAASCAl8wggJbAgEAAoGBAMwXAA9x23Kf2oGg
        AP0KIqx9E0DOO0R7WpGnCz1AwxWJ+J3CC3vU0to6dZK/PrEGQKroFo8b9s8Ms3Zy
        NzfTHapmY0xwryICYG2qvQZSXi3hB4Pg/Y2fFkZC5xgV1oVnm574EWONh/0C/41c
        7xmdU0fNxxNErJ6asOMJeSBtBlC3AgMBAAECgYAMKR6uzOj3hoDdkmwcp7rzLiy0
        gtVTOkpmPV7VEoPNR8BRnhtTEJZTvIH+8XhJ0gaOaG/XrSHiqm4TE7EomWK+BjhS
        4FQ1kNwHjZNSEmqPi7lBLyoaT4dDT0hEfnPI4iQJKZQS4kHufIXOfU17BJavwI1q
        KjmPFPSrZUPTDOCkKQJBAPSmznK2uIBw6hh4Cy57Szxkoj2BzQaSgPCJ0GCOHvL/
        sB/VLrHtqZt8ULe4oM5cJ7/MrFZOeLCvvZA02ZJaIosCQQDVjofIZ5qKKCDNio9h
        uwd3rWBl+N6UWNdx/ZTjFsBnkY4bnL3ZpfI4GIJkDRWdwFzgNVs4VYo/gc/Lhrsb
        M2wFAkBhx31BidfJtddJ+kh1xl82fv382TDpTIpuGJaI0KR7+EcbIefswxEDjLby
        Br92Woykcpf6UpiX/VUlGopOnOmrAkBqYekkHPAwGJNWsMqCTdAHfxfBVHtUfPk+
        MKtlgKTyMuEOwkMU1ATYiuURgC8feX8KtamuY3ZN8pWX9pLolvIdAkAB8nOUAtp+
        33cmWPBjWJpLM2mNLpqdf7phV0XfzSSJ5EbXGYcRIujvvUBiI6gVGxD1QMqRtlSZ
        /ezaJ9EyDP6x
        -----END PRIVATE KEY-----
        """

    /// A P-256 EC key (not RSA).
    static let ecPrivateKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgUf6sMtG7AHchNgp+
        ZvejG8h48Lq+w0z/KYWm5LBmi1mhRANCAAQF4r6+LELg/CvOzP8Ia0yukgdkf6Ww
        9btdPYFzE4Z0y7cqp0+px4HLndPb/4/uo7Mbj13oydC24qzKDQ+QT4J6
        -----END PRIVATE KEY-----
        """

    /// A passphrase-protected PKCS#8 key.
    static let encryptedPrivateKey = """
        -----BEGIN ENCRYPTED PRIVATE KEY-----
        MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAjCar4uak5/RgICCAAw
        DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEENwgormUzrv/L/7w/dC3BssEgZBn
        csPcew3hW0lTisvNA2dnJ9sjOx0wwKNXgbw8WEIEGUFN8hiWbiuQHa2DQaPBf3CQ
        /NGCcLNmz/qVVwqOivebyKuuNxRrzzxwK0vtkm7NhLq+wg7Zp7KwYvy2atq4vNOE
        B1JqAqdI+zWCVmwh7xfmibl5LdBiYDGQQzABj+HABZHP/e292UfLct0O2JZrYLU=
        -----END ENCRYPTED PRIVATE KEY-----
        """

    /// A 2048-bit RSA key in PKCS#1 (`RSA PRIVATE KEY`) form.
    static let rsaPKCS1PrivateKey = """
        -----BEGIN RSA PRIVATE KEY-----
        MIIEpAIBAAKCAQEAwqwhYwRrq7fmRjaOa0CMMW2rHadpt0C59pwxa3SaG0fWBXc5
        jQ/LA4GwOYexhFi4NXnvw0UVYk1Powhbugh6klmaiekcK3IIixLyASFiY810N3sq
        uNldVTd2cggmMmZSfhoDltWAW7aZVJyNiLJOEBpqDTiXzCHX1O/aIn53v14SSXP5
        vqAExguZH9ba8zfJbozfaOfPcaznDW9WMwtnIvm4utIr1YbLAdFwSBYVaLFtH4ul
        aetYSYiN0OXlmwzoG3LNUVHeM/3V0/IQ4kQDIYFS7Lrbamfy8WElSgn+MFN2ZANF
        ClE/ATllCP0jb+z6CDBci0LG7MzABAf2a3aIDQIDAQABAoIBAASLU8IwdbpN8imn
        F1795D05I/qZZa3Z7HK1xa+OSr9NR3vcLciTBaMA0YDI9UYIyNAIFyaLQ8sGJqWV
        yd0HWqPKRKxod820fT+QgyavRVEywr49eUtUWPSRdV8xvSvbA0efStXSs7WFsdbt
        n/OAxLK6iHQ44yOS51YN/Ue7L7IUsSjJu6upNeAuG12F0cufY5ErNYpNODy+gvEk
        NOV03ebWKeMz2rEdtrk0tTuTAHBGNSqrPIso5TGiBK34cWkTrGx10hYpxw9aFVDk
        u16HEgyvWGbBolrTOEXAF/Ck7hnpzyYLcVioeZq1BEf57cKg+4dA6a/8mea5XY0o
        AWfLZaECgYEA38339n6MKcFYZS6hKOmzByU+7UB4z+yZdU74VghPrK6LKvbyQyCQ
        R+o8j0+if2MxqRSGN2OtjoRFigvpJHkXGmz9Xk9ttrGlXfuv9XpkE4EtbTdJiDum
        n8YDkcnrovT6V+O/zIc7M/pMrl5ck1SdDXQllvX4Lf2+ojiln625r50CgYEA3q1Q
        Qrea5D2Dq9GNRZVpHchvfX5KX1PAzcEsVV7mHdkE7PmpUYymcIfu1WB/L56zbXAq
        Z2drYm8vt/BrRgYj2W22sBOuAsja0xqZlMQzLIzvHgBK9TqYiKOXwA5vDl2yBXPd
        fwV5Afz5xJWsvTHcvbY+qBe2Gm1hA6+f001nJzECgYBRvyftTzffIJIrEycmjIYp
        +/7KJhx6xg8ffCLVOd/wUSjgHqdKwaAxxGsuZYYTRaYj/i0wGiaQwdusmsEj417+
        9gRt6FFIxAaFF6Oj5HqdbTesht9C9ZbdETTIkZqSQS0X4UZzbInBaJGNt0XVQrjC
        60O3qkxmcCKrmklU093ZOQKBgQDAt0BiLWMZK3/cYQSh9zg9NW4ALx+QtvyDVi7X
        R8ViiaLwsPXwBQk7FPoHo3cPsIrbKRsZ2PCgBVhIGgPNW50FHSXh53ZPJKP11eyb
        St57LRH5Zgl5iRfgEa1Q420MAt0CSQ+mUgczSEyl7V/Ncez4J1S8x6Cr6IPw27s3
        9aJT0QKBgQDZRIIYZpNgVvFG1geV8LtAo9RnJm/d972QFgfKqwPqBHVIBKf1vzmo
        gxQdrwnVZ5EK4YA1W2eL/BsCCr/s6GePHtMjAW/P3bhEHCtDP4rUVabbAj8wLgeD
        Fowjw6xLP3Onf1QH5ZEYYMn2tw+GSqjUDjwLH/4IlXaJe7mEoxIi0Q==
        -----END RSA PRIVATE KEY-----
        """

    /// The public half of `rsaPKCS1PrivateKey` in PKCS#1 (`RSA PUBLIC KEY`) form.
    static let rsaPKCS1PublicKey = """
        -----BEGIN RSA PUBLIC KEY-----
        MIIBCgKCAQEAwqwhYwRrq7fmRjaOa0CMMW2rHadpt0C59pwxa3SaG0fWBXc5jQ/L
        A4GwOYexhFi4NXnvw0UVYk1Powhbugh6klmaiekcK3IIixLyASFiY810N3squNld
        VTd2cggmMmZSfhoDltWAW7aZVJyNiLJOEBpqDTiXzCHX1O/aIn53v14SSXP5vqAE
        xguZH9ba8zfJbozfaOfPcaznDW9WMwtnIvm4utIr1YbLAdFwSBYVaLFtH4ulaetY
        SYiN0OXlmwzoG3LNUVHeM/3V0/IQ4kQDIYFS7Lrbamfy8WElSgn+MFN2ZANFClE/
        ATllCP0jb+z6CDBci0LG7MzABAf2a3aIDQIDAQAB
        -----END RSA PUBLIC KEY-----
        """
}
