import CPacer

/// Turns thrown Swift errors into a status and a message in the host's
/// error slot: no Swift error crosses the ABI.
enum ErrorReporting {
    /// Reports `error` through `api.error_set(err, ...)` and returns the
    /// (negative) status the failing call must return. The message is the
    /// error's `description` when it has one, else its qualified type and
    /// case. An ``OptimizerStepFailure`` only returns its status: the host
    /// already put the optimizer's message in `err`.
    static func report(_ error: any Error, api: UnsafePointer<pacer_host_api>,
                       err: OpaquePointer?) -> pacer_status {
        if let reported = error as? OptimizerStepFailure {
            return reported.status.rawValue < 0 ? reported.status.rawValue : PluginStatus.failed.rawValue
        }
        var status = PluginStatus.failed
        let message: String
        if let pluginError = error as? any PluginError {
            status = pluginError.status
            message = pluginError.description
        } else if let describable = error as? any CustomStringConvertible {
            message = describable.description
        } else {
            // No text of the author's: name the type and case (`MyHook.Failure.io`).
            message = String(reflecting: error)
        }
        if status.rawValue >= 0 { status = .failed }
        report(message, status: status, api: api, err: err)
        return status.rawValue
    }

    /// Stores `message` in the host's error slot, if there is one.
    static func report(_ message: String, status: PluginStatus,
                       api: UnsafePointer<pacer_host_api>, err: OpaquePointer?) {
        guard let err, let errorSet = api.pointee.error_set else { return }
        message.withCString { errorSet(err, status.rawValue, $0) }
    }
}
