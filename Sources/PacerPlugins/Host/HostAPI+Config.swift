import CPacer
import PacerConfig

extension HostAPI {
    static func installConfigFunctions(_ api: inout pacer_host_api) {
        api.cfg_has = { cfg, key in
            guard let view = PluginConfigView.from(cfg), let key = HostAPI.string(key) else { return 0 }
            return (view.value(at: key) ?? .null) == .null ? 0 : 1
        }
        api.cfg_get_i64 = { cfg, key, out in
            HostAPI.read(cfg, key) { value in
                guard case .int(let number) = value else { return PACER_E_INVALID_ARG }
                out?.pointee = Int64(number)
                return PACER_OK
            }
        }
        api.cfg_get_f64 = { cfg, key, out in
            HostAPI.read(cfg, key) { value in
                switch value {
                case .double(let number): out?.pointee = number
                case .int(let number): out?.pointee = Double(number)
                default: return PACER_E_INVALID_ARG
                }
                return PACER_OK
            }
        }
        api.cfg_get_bool = { cfg, key, out in
            HostAPI.read(cfg, key) { value in
                guard case .bool(let flag) = value else { return PACER_E_INVALID_ARG }
                out?.pointee = flag ? 1 : 0
                return PACER_OK
            }
        }
        api.cfg_get_str = { cfg, key, out in
            guard let view = PluginConfigView.from(cfg) else { return PACER_E_INVALID_ARG }
            return HostAPI.read(cfg, key) { value in
                guard case .string(let text) = value else { return PACER_E_INVALID_ARG }
                out?.pointee = view.strings.pointer(text)
                return PACER_OK
            }
        }
        api.cfg_get_len = { cfg, key, out in
            HostAPI.read(cfg, key) { value in
                switch value {
                case .list(let items), .tuple(let items): out?.pointee = UInt64(items.count)
                default: return PACER_E_INVALID_ARG
                }
                return PACER_OK
            }
        }
        api.cfg_json = { cfg in
            guard let view = PluginConfigView.from(cfg) else { return nil }
            view.noteWholeDictRead()
            return view.strings.pointer(view.entries.json())
        }
    }

    static func read(_ cfg: OpaquePointer?, _ key: UnsafePointer<CChar>?,
                             _ body: (ConfigValue) -> pacer_status) -> pacer_status {
        guard let view = PluginConfigView.from(cfg), let key = HostAPI.string(key) else { return PACER_E_INVALID_ARG }
        guard let value = view.value(at: key), value != .null else { return PACER_E_NOT_FOUND }
        return body(value)
    }
}
