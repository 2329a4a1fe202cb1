function __paydesk_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __paydesk_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __paydesk_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __paydesk_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __paydesk_parse_tokens -S
    set -l unparsed_tokens (__paydesk_tokens -pc)
    switch $unparsed_tokens[1]
    case 'paydesk'
        __paydesk_parse_subcommand 0 'config=' 'db=' 'sandbox=' 'theme=' 'lang=' 'qr-style=' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'order'
            __paydesk_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'create'
                __paydesk_parse_subcommand 0 'config=' 'db=' 'sandbox=' 'json' 'total=' 'amount=' 'description=' 'expire-in=' 'business-no=' 'notify-url=' 'qr-style=' 'version' 'h/help'
            case 'show'
                __paydesk_parse_subcommand 1 'config=' 'db=' 'sandbox=' 'json' 'version' 'h/help'
            case 'query'
                __paydesk_parse_subcommand 1 'config=' 'db=' 'sandbox=' 'json' 'version' 'h/help'
            case 'close'
                __paydesk_parse_subcommand 1 'config=' 'db=' 'sandbox=' 'json' 'version' 'h/help'
            end
        case 'orders'
            __paydesk_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __paydesk_parse_subcommand 0 'config=' 'db=' 'sandbox=' 'json' 'status=+' 'since=' 'search=' 'limit=' 'version' 'h/help'
            case 'sync'
                __paydesk_parse_subcommand 0 'config=' 'db=' 'sandbox=' 'json' 'min-age=' 'concurrency=' 'version' 'h/help'
            end
        case 'refund'
            __paydesk_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'create'
                __paydesk_parse_subcommand 1 'config=' 'db=' 'sandbox=' 'json' 'amount=' 'reason=' 'out-refund-no=' 'version' 'h/help'
            case 'show'
                __paydesk_parse_subcommand 1 'config=' 'db=' 'sandbox=' 'json' 'version' 'h/help'
            case 'query'
                __paydesk_parse_subcommand 1 'config=' 'db=' 'sandbox=' 'json' 'version' 'h/help'
            end
        case 'serve'
            __paydesk_parse_subcommand 0 'config=' 'db=' 'sandbox=' 'listen=' 'apply=' 'version' 'h/help'
        case 'listen'
            __paydesk_parse_subcommand 0 'config=' 'db=' 'sandbox=' 'json' 'listen=' 'apply=' 'version' 'h/help'
        case 'notifications'
            __paydesk_parse_subcommand 0 'config=' 'db=' 'sandbox=' 'json' 'verdict=' 'limit=' 'version' 'h/help'
        case 'sim'
            __paydesk_parse_subcommand 0 'listen=' 'state=' 'time-scale=' 'sign-with=' 'settle-refunds-after=' 'version' 'h/help'
        case 'seed'
            __paydesk_parse_subcommand 0 'config=' 'db=' 'sandbox=' 'json' 'orders=' 'seed=' 'version' 'h/help'
        case 'qr'
            __paydesk_parse_subcommand 1 'style=' 'version' 'h/help'
        case 'bill'
            __paydesk_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'download'
                __paydesk_parse_subcommand 0 'config=' 'db=' 'sandbox=' 'json' 'date=' 'type=' 'output=' 'version' 'h/help'
            end
        case 'reconcile'
            __paydesk_parse_subcommand 0 'config=' 'db=' 'sandbox=' 'json' 'date=' 'version' 'h/help'
        case 'config'
            __paydesk_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'init'
                __paydesk_parse_subcommand 0 'config=' 'db=' 'sandbox=' 'json' 'force' 'version' 'h/help'
            case 'check'
                __paydesk_parse_subcommand 0 'config=' 'db=' 'sandbox=' 'json' 'version' 'h/help'
            end
        case 'help'
            __paydesk_parse_subcommand -r 1 'version'
        end
    end
end

function __paydesk_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __paydesk_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __paydesk_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __paydesk_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__paydesk_tokens -p)
    if test -z "$(__paydesk_tokens -t)"
        set -l index (count (__paydesk_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'paydesk' -f
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk" theme' -l 'theme' -d 'Console colour theme (themes/NAME.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk" lang' -l 'lang' -d 'Console language: en or zh-CN.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk" qr-style' -l 'qr-style' -d 'Console QR drawing: blocks or wide.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk" -eq 1' -fa 'order' -d 'Create, show, query or close one order.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk" -eq 1' -fa 'orders' -d 'List orders, newest first; `orders sync` settles those not yet final.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk" -eq 1' -fa 'refund' -d 'Create, show or query refunds.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk" -eq 1' -fa 'serve' -d 'Run the notification listener until SIGINT/SIGTERM.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk" -eq 1' -fa 'listen' -d 'Run a notification listener and print each notification as it is processed.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk" -eq 1' -fa 'notifications' -d 'List stored notifications with their verdicts and outcomes, newest first.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk" -eq 1' -fa 'sim' -d 'Run the offline WeChat Pay simulator (API v3 + v2, real signatures, notifications).'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk" -eq 1' -fa 'seed' -d 'Fill the SANDBOX database with demo orders (progress bar on stderr).'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk" -eq 1' -fa 'qr' -d 'Print the terminal QR code of any text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk" -eq 1' -fa 'bill' -d 'Download trade bills.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk" -eq 1' -fa 'reconcile' -d 'Compare a day\'s trade bill with the local orders and refunds.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk" -eq 1' -fa 'config' -d 'Create or check the configuration file.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk order" -eq 1' -fa 'create' -d 'Create a Native (QR) order and print its QR code.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk order" -eq 1' -fa 'show' -d 'Show an order as stored locally (no network).'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk order" -eq 1' -fa 'query' -d 'Ask WeChat Pay for the order\'s state now and record it.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk order" -eq 1' -fa 'close' -d 'Close an unpaid order (WeChat Pay close API).'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order create" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order create" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order create" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order create" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order create" total' -l 'total' -d 'Amount in fen.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order create" amount' -l 'amount' -d 'Amount in yuan, e.g. 12.50.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order create" description' -l 'description' -d 'What the customer sees in WeChat.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order create" expire-in' -l 'expire-in' -d 'QR lifetime: 90s, 10m, 2h, 3d (default: configuration, 10m).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order create" business-no' -l 'business-no' -d 'Your own order number; the same request twice returns the same order.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order create" notify-url' -l 'notify-url' -d 'Where WeChat Pay sends the payment notification.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order create" qr-style' -l 'qr-style' -d 'QR drawing in human mode: blocks or wide.' -rfka 'blocks wide'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order create" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order create" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order show" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order show" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order show" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order show" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order show" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order query" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order query" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order query" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order query" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order query" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order query" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order close" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order close" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order close" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order close" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order close" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk order close" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk orders" -eq 1' -fa 'list' -d 'List orders, newest first (the default of `paydesk orders`).'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk orders" -eq 1' -fa 'sync' -d 'Query every order and refund not yet final and record WeChat Pay\'s answers.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders list" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders list" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders list" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders list" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders list"' -l 'status' -d 'Only this status (repeatable): CREATED, PENDING, PAID, REFUNDING, PARTIALLY_REFUNDED, REFUNDED, CLOSED, FAILED.' -rfka 'CREATED PENDING PAID REFUNDING PARTIALLY_REFUNDED REFUNDED CLOSED FAILED'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders list" since' -l 'since' -d 'Only orders created since.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders list" search' -l 'search' -d 'Words found in order number, transaction id or description.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders list" limit' -l 'limit' -d 'At most this many rows.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders list" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders sync" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders sync" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders sync" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders sync" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders sync" min-age' -l 'min-age' -d 'Skip orders and refunds younger than this (30s, 5m); default 0.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders sync" concurrency' -l 'concurrency' -d 'Calls in flight at once.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders sync" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk orders sync" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk refund" -eq 1' -fa 'create' -d 'Refund an order (all that is still refundable unless --amount).'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk refund" -eq 1' -fa 'show' -d 'Show a refund as stored locally (no network).'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk refund" -eq 1' -fa 'query' -d 'Ask WeChat Pay for the refund\'s state now and record it.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund create" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund create" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund create" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund create" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund create" amount' -l 'amount' -d 'Amount in yuan (default: the refundable remainder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund create" reason' -l 'reason' -d 'Reason shown to the customer (at most 80 bytes).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund create" out-refund-no' -l 'out-refund-no' -d 'Your refund number; the same one twice returns the first refund.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund create" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund create" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund show" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund show" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund show" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund show" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund show" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund query" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund query" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund query" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund query" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund query" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk refund query" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk serve" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk serve" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk serve" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk serve" listen' -l 'listen' -d 'HOST:PORT to listen on; port 0 picks a free port.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk serve" apply' -l 'apply' -d 'When a verified notification is applied: adaptive (before answering while the writer keeps up; during a storm stored, answered, and applied right after), inline (always before answering) or queued (always after).' -rfka 'adaptive inline queued'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk serve" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk serve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk listen" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk listen" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk listen" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk listen" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk listen" listen' -l 'listen' -d 'HOST:PORT to listen on; port 0 picks a free port.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk listen" apply' -l 'apply' -d 'When a verified notification is applied: adaptive (before answering while the writer keeps up; during a storm stored, answered, and applied right after), inline (always before answering) or queued (always after).' -rfka 'adaptive inline queued'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk listen" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk listen" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk notifications" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk notifications" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk notifications" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk notifications" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk notifications" verdict' -l 'verdict' -d 'Only this verdict, e.g. verified, bad_signature (case-insensitive).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk notifications" limit' -l 'limit' -d 'At most this many rows.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk notifications" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk notifications" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk sim" listen' -l 'listen' -d 'HOST:PORT to listen on; port 0 picks a free port.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk sim" state' -l 'state' -d 'State folder (default: $XDG_DATA_HOME/paydesk/sandbox or ~/.local/share/paydesk/sandbox).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk sim" time-scale' -l 'time-scale' -d 'Multiplies every scheduled delay (notification retries, auto-settle).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk sim" sign-with' -l 'sign-with' -d 'Identity named in Wechatpay-Serial: public-key or certificate.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk sim" settle-refunds-after' -l 'settle-refunds-after' -d 'Settle refunds to SUCCESS on their own after SECONDS (scaled).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk sim" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk sim" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk seed" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk seed" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk seed" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk seed" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk seed" orders' -l 'orders' -d 'How many orders to add.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk seed" seed' -l 'seed' -d 'Random seed: the same seed gives the same amounts, statuses and descriptions.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk seed" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk seed" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk qr" style' -l 'style' -d 'blocks or wide.' -rfka 'blocks wide'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk qr" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk qr" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk bill" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk bill" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk bill" -eq 1' -fa 'download' -d 'Download the trade bill of a day (CSV as WeChat Pay writes it).'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk bill download" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk bill download" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk bill download" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk bill download" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk bill download" date' -l 'date' -d 'The day, yyyy-MM-dd (China time), or yesterday.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk bill download" type' -l 'type' -d 'ALL, SUCCESS or REFUND.' -rfka 'ALL SUCCESS REFUND'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk bill download" output' -l 'output' -d 'Write the bill to this file instead of stdout.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk bill download" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk bill download" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk reconcile" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk reconcile" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk reconcile" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk reconcile" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk reconcile" date' -l 'date' -d 'The day, yyyy-MM-dd (China time), or yesterday.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk reconcile" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk reconcile" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk config" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk config" -eq 1' -fa 'init' -d 'Write a commented configuration template (mode 0600).'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_positional "paydesk config" -eq 1' -fa 'check' -d 'Check the configuration: files exist, mode 0600, keys parse and match.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk config init" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk config init" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk config init" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk config init" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk config init" force' -l 'force' -d 'Overwrite an existing file.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk config init" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk config init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk config check" config' -l 'config' -d 'Configuration file (default: $XDG_CONFIG_HOME/paydesk/config.toml).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk config check" db' -l 'db' -d 'SQLite database file (default: from the configuration or the sandbox folder).' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk config check" sandbox' -l 'sandbox' -d 'Use DIR/sandbox.json of a running `paydesk sim` as the merchant.' -rfka ''
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk config check" json' -l 'json' -d 'Print one JSON document instead of human text.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk config check" version' -l 'version' -d 'Show the version.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk config check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'paydesk' -n '__paydesk_should_offer_completions_for_flags_or_options "paydesk help" version' -l 'version' -d 'Show the version.'
