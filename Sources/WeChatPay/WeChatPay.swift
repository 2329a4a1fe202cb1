// WeChatPay module; see docs/architecture.md.
