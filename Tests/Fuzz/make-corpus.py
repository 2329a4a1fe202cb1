#!/usr/bin/env python3
"""Writes the seed corpora of the libFuzzer targets (Tests/Fuzz/<Name>/corpus/seed-*) from the test vectors in
Tests/Fixtures, the shipped themes and the configuration template. Run from the repository root; needs the
`cryptography` package only to seal the v3 seeds. The seeds are committed: this script documents where they
come from and regenerates them (`python3 Tests/Fuzz/make-corpus.py`)."""
import base64, hashlib, hmac, json, os, pathlib, re

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "Tests/Fixtures/wechatpay-vectors"
FUZZ = ROOT / "Tests/Fuzz"
APIV3_KEY = b"a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb"    # vector V-6 (public test key), also in V3Notification/main.swift
APIV2_KEY = "ziR0QKsTUfMOuochC9RfCdmfHECorQAP"     # vector V-9 (public test key), also in V2XML/main.swift
V4_SIGNATURE = ("tJHIiIS9eB2hAYstmAmbbD3ZE5LiIm/Ug5tuL4fC0YOFRWIHV39UFIZXC0e9Wl6lBu6sKvkqDkzpqzBsVHyXFlbYZTOQrVdG4b6LfTnK4mikv9++"
                "ixJMd3vTf2yCqvBkh98zs3Ds5zsYQakzbcwhmw4fMJs4nPLws28H0UW9FjDR//rxELLwXvV1VEA1IBLX70xptjL8hrfUjEE8kkry6yNJTHZRU8CAc7q"
                "Hli2Ng1V1qb9ARbK8A3ThmFmPQvRGrapI/jS2laKKgYUmfdEdkNO6B2Cke5e8VTxY406ArAmQ90GAihDwIcb16TQMnzCMBoutnwZKNiKRACrFmtxw2Q==")


def write(target, name, data):
    folder = FUZZ / target / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"seed-{name}").write_bytes(data if isinstance(data, bytes) else data.encode())


def compact(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def envelope(event_type, summary, original_type, plaintext, nonce="0123456789ab"):
    sealed = AESGCM(APIV3_KEY).encrypt(nonce.encode(), plaintext, original_type.encode())
    return compact({"id": "EV-2018022511223320873", "create_time": "2026-11-28T10:00:00+08:00",
                    "resource_type": "encrypt-resource", "event_type": event_type, "summary": summary,
                    "resource": {"original_type": original_type, "algorithm": "AEAD_AES_256_GCM",
                                 "ciphertext": base64.b64encode(sealed).decode(), "associated_data": original_type,
                                 "nonce": nonce}})


def v3_seeds():
    transaction = compact({"mchid": "1900000001", "appid": "wxd678efh567hg6787", "out_trade_no": "PD20261128100000001",
                           "transaction_id": "4200000001202611280000000001", "trade_type": "NATIVE",
                           "trade_state": "SUCCESS", "trade_state_desc": "支付成功", "bank_type": "OTHERS",
                           "attach": "", "success_time": "2026-11-28T10:00:05+08:00",
                           "payer": {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
                           "amount": {"total": 1250, "payer_total": 1250, "currency": "CNY", "payer_currency": "CNY"}})
    refund = compact({"mchid": "1900000001", "transaction_id": "4200000001202611280000000001",
                      "out_trade_no": "PD20261128100000001", "refund_id": "50000000382019052709732678859",
                      "out_refund_no": "RF20261128100000001", "refund_status": "SUCCESS",
                      "success_time": "2026-11-28T10:05:00+08:00", "user_received_account": "招商银行信用卡0403",
                      "amount": {"total": 1250, "refund": 500, "payer_total": 1250, "payer_refund": 500}})
    write("V3Notification", "transaction-success", b"x\n" + envelope("TRANSACTION.SUCCESS", "支付成功", "transaction", transaction))
    write("V3Notification", "refund-success", b"x\n" + envelope("REFUND.SUCCESS", "退款成功", "refund", refund))
    write("V3Notification", "refund-abnormal", b"x\n" + envelope("REFUND.ABNORMAL", "退款异常", "refund", refund.replace(b'"SUCCESS"', b'"ABNORMAL"')))
    # Vector V-4: the signature verifies over this body with the fuzz target's headers; its 16-byte key does not decrypt.
    write("V3Notification", "go-v4-signed", V4_SIGNATURE.encode() + b"\n" + (VECTORS / "go_notify_body.json").read_bytes())
    write("V3Notification", "probe-signature", b"WECHATPAY/SIGNTEST/abc\n" + (VECTORS / "go_notify_body.json").read_bytes())
    # Vector V-6: a real sealed certificate (key APIV3_KEY), carried in an envelope.
    certificate = json.loads((VECTORS / "java_download_certificate_response.json").read_bytes())["data"][0]["encrypt_certificate"]
    write("V3Notification", "java-v6-certificate", b"x\n" + compact({
        "id": "v6", "create_time": "2023-09-19T10:00:00+08:00", "resource_type": "encrypt-resource",
        "event_type": "TRANSACTION.SUCCESS", "summary": "", "resource": dict(certificate, original_type="certificate")}))
    write("V3Notification", "plain-transaction", b"\n" + transaction)
    write("V3Notification", "plain-refund", b"\n" + refund)
    write("V3Notification", "no-associated-data", b"x\n" + envelope("TRANSACTION.SUCCESS", "", "", transaction).replace(b',"associated_data":""', b""))


def v2_sign(fields, kind):
    text = "&".join(f"{k}={v}" for k, v in sorted(fields.items()) if k != "sign" and v) + f"&key={APIV2_KEY}"
    if kind == "MD5":
        return hashlib.md5(text.encode()).hexdigest().upper()
    return hmac.new(APIV2_KEY.encode(), text.encode(), hashlib.sha256).hexdigest().upper()


def v2_xml(fields, root="xml"):
    return f"<{root}>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in sorted(fields.items())) + f"</{root}>"


def v2_seeds():
    for name in ["paysuccess.notification.sample.xml", "refund.notification.req_info.sample.xml",
                 "gopay_v2_refund_req_info_plaintext.xml", "invalid.xxe_injection.sample.xml"]:
        write("V2XML", name.replace(".xml", ""), (VECTORS / name).read_bytes())
    pay = {"appid": "wx2421b1c4370ec43b", "mch_id": "10000100", "nonce_str": "5d2b6c2a8db53831f7eda20af46e531c",
           "out_trade_no": "1409811653", "result_code": "SUCCESS", "return_code": "SUCCESS", "total_fee": "1",
           "cash_fee": "1", "time_end": "20140903131540", "transaction_id": "1004400740201409030005092168",
           "attach": "支付测试 & <more>"}
    write("V2XML", "pay-signed-md5", v2_xml(dict(pay, sign=v2_sign(pay, "MD5"))))
    hmac_fields = dict(pay, sign_type="HMAC-SHA256")
    write("V2XML", "pay-signed-hmac", v2_xml(dict(hmac_fields, sign=v2_sign(hmac_fields, "HMAC"))))
    write("V2XML", "entities-and-comments",
          '<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><xml>\n <a>&lt;&gt;&amp;&quot;&apos;&#65;&#x4e2d;</a><!-- c -->\n'
          ' <b/><c><![CDATA[x]]]]><![CDATA[>y]]></c>\n</xml>\n')
    # Vector V-9: a refund notification whose req_info decrypts with APIV2_KEY.
    v9 = re.search(r'v9ReqInfo = """\s*(\S+)\s*"""', (ROOT / "Tests/WeChatPayTests/V2Fixtures.swift").read_text()).group(1)
    write("V2XML", "refund-v9", v2_xml({"return_code": "SUCCESS", "appid": "wx1", "mch_id": "1", "nonce_str": "n", "req_info": v9}))
    write("V2XML", "req-info-v9-base64", v9)
    plaintext = v2_xml({"out_refund_no": "RF1", "out_trade_no": "PD1", "refund_id": "R1", "transaction_id": "T1",
                        "refund_status": "SUCCESS", "refund_fee": "500", "total_fee": "1250",
                        "success_time": "2026-11-28 10:05:00"}, root="root").encode()
    key = hashlib.md5(APIV2_KEY.encode()).hexdigest().encode()
    pad = 16 - len(plaintext) % 16
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    ciphertext = encryptor.update(plaintext + bytes([pad]) * pad) + encryptor.finalize()
    write("V2XML", "refund-sealed", v2_xml({"return_code": "SUCCESS", "appid": "wx1", "mch_id": "1",
                                            "req_info": base64.b64encode(ciphertext).decode()}))


def amount_seeds():
    texts = ["12.5", "12.50", "¥12.50", "￥12.50", " 12.50 ", "12", "0.01", ".5", "007.10", "100000000.00",
             "12.505", "-1", "0", "0.0", "0.00", "1e3", "", "   ", "abc", "12.", ".", "¥", "1.2.3", "1,234.00",
             "100000000.01", "99999999999999999999999", "１２", "\u30001.5\u3000", "\t9\n"]
    for index, text in enumerate(texts):
        write("Amount", f"{index:02d}", text)


def toml_seeds():
    template = re.search(r'public static func template\(\) -> String \{\s*"""\n(.*?)\n\s*"""',
                         (ROOT / "Sources/PayCore/Configuration/PayDeskConfiguration+Sandbox.swift").read_text(), re.S).group(1)
    write("Configuration", "template", "\n".join(line[8:] for line in template.splitlines()) + "\n")
    tests = (ROOT / "Tests/PayCoreTests/ConfigurationTests.swift").read_text()
    valid = re.search(r'static let valid = """\n(.*?)\n\s*"""', tests, re.S).group(1)
    valid = "\n".join(line[8:] for line in valid.splitlines()) + "\n"
    write("Configuration", "valid", valid)
    write("Configuration", "v2", valid.replace("[checkout]", 'api_version = "v2"\napiv2_key = "k"\n\n[checkout]'))
    write("Configuration", "everything", valid + '\n[platform]\npublic_key = "~/p.pem"\npublic_key_id = "PUB_KEY_ID_1"\n'
          'certificates = ["a.pem", "b.pem"]\n\n[partner]\nsub_mchid = "1900000109"\nsub_appid = "wx8"\n\n'
          '[webhook]\nurl = "https://x"\nsecret = "s"\n\n[ui]\ntheme = "light"\nlanguage = "zh-CN"\nqr_style = "wide"\n')
    write("Configuration", "bad-syntax", "[merchant\nmchid = 1\n")
    write("Configuration", "unknown-key", "[merchant]\nmchid = \"1\"\ncolour = 3\n")
    for theme in sorted((ROOT / "themes").glob("*.toml")):
        write("Theme", theme.stem, theme.read_bytes())
    write("Theme", "broken", '[palette]\ngreen = "#00ff00"\nbad = "#12"\n\n[roles]\ntext = { fg = "gren", attrs = ["blink"] }\n'
          'nope = { fg = 3 }\npaid = "green"\n')
    write("Theme", "short-hex-and-numbers", '[roles]\ntext = { fg = "#abc", bg = 300 }\nalert.fg = -1\n')


if __name__ == "__main__":
    v3_seeds()
    v2_seeds()
    amount_seeds()
    toml_seeds()
    for target in sorted(p for p in FUZZ.iterdir() if (p / "corpus").is_dir()):
        print(target.name, len(list((target / "corpus").iterdir())), "seeds")
