import CPacer
import Pacer

extension HostAPI {
    static func installStateFunctions(_ api: inout pacer_host_api) {
        api.state_put_tensor = { io, key, tensor in
            guard let io = StateIO.from(io), let key = HostAPI.string(key), let tensor,
                  let dtype = DType(rawValue: tensor.pointee.dtype), tensor.pointee.ndim >= 0
            else { return PACER_E_INVALID_ARG }
            let view = tensor.pointee
            let shape = (0..<Int(view.ndim)).map { Int(view.shape![$0]) }
            let byteCount = shape.reduce(1, *) * dtype.size
            let bytes = view.data.map { Array(UnsafeRawBufferPointer(start: $0, count: byteCount)) } ?? []
            guard bytes.count == byteCount else { return PACER_E_INVALID_ARG }
            io.state.put(io.prefix + key, StateTensor(dtype: dtype, shape: shape, bytes: bytes))
            return PACER_OK
        }
        api.state_put_bytes = { io, key, bytes, size in
            guard let io = StateIO.from(io), let key = HostAPI.string(key) else { return PACER_E_INVALID_ARG }
            let copy = bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(size))) } ?? []
            io.state.put(io.prefix + key, StateTensor(dtype: .uint8, shape: [copy.count], bytes: copy))
            return PACER_OK
        }
        api.state_get_tensor = { io, key, out in
            guard let io = StateIO.from(io), let key = HostAPI.string(key), let out else { return PACER_E_INVALID_ARG }
            guard let view = io.view(of: key) else { return PACER_E_NOT_FOUND }
            return TensorView.write(view, to: out)
        }
        api.state_get_bytes = { io, key, bytes, size in
            guard let io = StateIO.from(io), let key = HostAPI.string(key) else { return PACER_E_INVALID_ARG }
            guard let (pointer, count) = io.bytes(of: key) else { return PACER_E_NOT_FOUND }
            bytes?.pointee = pointer
            size?.pointee = UInt64(count)
            return PACER_OK
        }
        api.state_key_count = { io in UInt32(StateIO.from(io)?.keys.count ?? 0) }
        api.state_key_at = { io, index in
            guard let io = StateIO.from(io), Int(index) < io.keys.count else { return nil }
            return io.cString(io.keys[Int(index)])
        }
    }
}
