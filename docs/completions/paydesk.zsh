#compdef paydesk

__paydesk_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__paydesk_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __paydesk_complete "${completions[@]:0:-1}"
    fi
}

__paydesk_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_paydesk() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--theme[Console colour theme (themes/NAME.toml).]:name:'
        '--lang[Console language\: en or zh-CN.]:lang:'
        '--qr-style[Console QR drawing\: blocks or wide.]:style:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'order:Create, show, query or close one order.'
            'orders:List orders, newest first; `orders sync` settles those not yet final.'
            'refund:Create, show or query refunds.'
            'serve:Run the notification listener until SIGINT/SIGTERM.'
            'listen:Run a notification listener and print each notification as it is processed.'
            'notifications:List stored notifications with their verdicts and outcomes, newest first.'
            'sim:Run the offline WeChat Pay simulator (API v3 + v2, real signatures, notifications).'
            'seed:Fill the SANDBOX database with demo orders (progress bar on stderr).'
            'qr:Print the terminal QR code of any text.'
            'bill:Download trade bills.'
            'reconcile:Compare a day'\''s trade bill with the local orders and refunds.'
            'config:Create or check the configuration file.'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        order|orders|refund|serve|listen|notifications|sim|seed|qr|bill|reconcile|config|help)
            "_paydesk_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_paydesk_order() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'create:Create a Native (QR) order and print its QR code.'
            'show:Show an order as stored locally (no network).'
            'query:Ask WeChat Pay for the order'\''s state now and record it.'
            'close:Close an unpaid order (WeChat Pay close API).'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        create|show|query|close)
            "_paydesk_order_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_paydesk_order_create() {
    local -i ret=1
    local -ar ___qr_style=('blocks' 'wide')
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        '--total[Amount in fen.]:fen:'
        '--amount[Amount in yuan, e.g. 12.50.]:yuan:'
        '--description[What the customer sees in WeChat.]:description:'
        '--expire-in[QR lifetime\: 90s, 10m, 2h, 3d (default\: configuration, 10m).]:duration:'
        '--business-no[Your own order number; the same request twice returns the same order.]:id:'
        '--notify-url[Where WeChat Pay sends the payment notification.]:url:'
        '--qr-style[QR drawing in human mode\: blocks or wide.]:qr-style:{__paydesk_complete "${___qr_style[@]}"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_order_show() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        ':out-trade-no:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_order_query() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        ':out-trade-no:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_order_close() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        ':out-trade-no:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_orders() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'list:List orders, newest first (the default of `paydesk orders`).'
            'sync:Query every order and refund not yet final and record WeChat Pay'\''s answers.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        list|sync)
            "_paydesk_orders_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_paydesk_orders_list() {
    local -i ret=1
    local -ar ___status=('CREATED' 'PENDING' 'PAID' 'REFUNDING' 'PARTIALLY_REFUNDED' 'REFUNDED' 'CLOSED' 'FAILED')
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        '*--status[Only this status (repeatable)\: CREATED, PENDING, PAID, REFUNDING, PARTIALLY_REFUNDED, REFUNDED, CLOSED, FAILED.]:status:{__paydesk_complete "${___status[@]}"}'
        '--since[Only orders created since.]:date:'
        '--search[Words found in order number, transaction id or description.]:text:'
        '--limit[At most this many rows.]:limit:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_orders_sync() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        '--min-age[Skip orders and refunds younger than this (30s, 5m); default 0.]:duration:'
        '--concurrency[Calls in flight at once.]:concurrency:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_refund() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'create:Refund an order (all that is still refundable unless --amount).'
            'show:Show a refund as stored locally (no network).'
            'query:Ask WeChat Pay for the refund'\''s state now and record it.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        create|show|query)
            "_paydesk_refund_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_paydesk_refund_create() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        ':out-trade-no:'
        '--amount[Amount in yuan (default\: the refundable remainder).]:yuan:'
        '--reason[Reason shown to the customer (at most 80 bytes).]:reason:'
        '--out-refund-no[Your refund number; the same one twice returns the first refund.]:id:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_refund_show() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        ':out-refund-no:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_refund_query() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        ':out-refund-no:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_serve() {
    local -i ret=1
    local -ar ___apply=('adaptive' 'inline' 'queued')
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--listen[HOST\:PORT to listen on; port 0 picks a free port.]:listen:'
        '--apply[When a verified notification is applied\: adaptive (before answering while the writer keeps up; during a storm stored, answered, and applied right after), inline (always before answering) or queued (always after).]:mode:{__paydesk_complete "${___apply[@]}"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_listen() {
    local -i ret=1
    local -ar ___apply=('adaptive' 'inline' 'queued')
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        '--listen[HOST\:PORT to listen on; port 0 picks a free port.]:listen:'
        '--apply[When a verified notification is applied\: adaptive (before answering while the writer keeps up; during a storm stored, answered, and applied right after), inline (always before answering) or queued (always after).]:mode:{__paydesk_complete "${___apply[@]}"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_notifications() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        '--verdict[Only this verdict, e.g. verified, bad_signature (case-insensitive).]:verdict:'
        '--limit[At most this many rows.]:limit:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_sim() {
    local -i ret=1
    local -ar arg_specs=(
        '--listen[HOST\:PORT to listen on; port 0 picks a free port.]:listen:'
        '--state[State folder (default\: $XDG_DATA_HOME/paydesk/sandbox or ~/.local/share/paydesk/sandbox).]:state:'
        '--time-scale[Multiplies every scheduled delay (notification retries, auto-settle).]:time-scale:'
        '--sign-with[Identity named in Wechatpay-Serial\: public-key or certificate.]:sign-with:'
        '--settle-refunds-after[Settle refunds to SUCCESS on their own after SECONDS (scaled).]:settle-refunds-after:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_seed() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        '--orders[How many orders to add.]:count:'
        '--seed[Random seed\: the same seed gives the same amounts, statuses and descriptions.]:number:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_qr() {
    local -i ret=1
    local -ar ___style=('blocks' 'wide')
    local -ar arg_specs=(
        ':text:'
        '--style[blocks or wide.]:style:{__paydesk_complete "${___style[@]}"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_bill() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'download:Download the trade bill of a day (CSV as WeChat Pay writes it).'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        download)
            "_paydesk_bill_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_paydesk_bill_download() {
    local -i ret=1
    local -ar ___type=('ALL' 'SUCCESS' 'REFUND')
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        '--date[The day, yyyy-MM-dd (China time), or yesterday.]:date:'
        '--type[ALL, SUCCESS or REFUND.]:type:{__paydesk_complete "${___type[@]}"}'
        '--output[Write the bill to this file instead of stdout.]:file:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_reconcile() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        '--date[The day, yyyy-MM-dd (China time), or yesterday.]:date:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_config() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'init:Write a commented configuration template (mode 0600).'
            'check:Check the configuration: files exist, mode 0600, keys parse and match.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        init|check)
            "_paydesk_config_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_paydesk_config_init() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        '--force[Overwrite an existing file.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_config_check() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (default\: $XDG_CONFIG_HOME/paydesk/config.toml).]:path:'
        '--db[SQLite database file (default\: from the configuration or the sandbox folder).]:path:'
        '--sandbox[Use DIR/sandbox.json of a running `paydesk sim` as the merchant.]:dir:'
        '--json[Print one JSON document instead of human text.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_paydesk_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _paydesk ]]; then
    _paydesk "${@}"
else
    compdef _paydesk paydesk
fi
