import Dispatch
import Foundation
import Synchronization

/// Maps on all cores, keeping the input order. The build's work items are independent pages
/// and files, so plain data parallelism is all it needs.
func parallelMap<Input: Sendable, Output: Sendable>(
    _ inputs: [Input], _ transform: @Sendable (Input) -> Output
) -> [Output] {
    if inputs.count < 2 { return inputs.map(transform) }
    let results = Mutex<[Output?]>(Array(repeating: nil, count: inputs.count))
    // Interleaved chunks balance uneven pages without a shared work queue.
    let chunkCount = min(inputs.count, ProcessInfo.processInfo.activeProcessorCount * 4)
    DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
        var local: [(Int, Output)] = []
        var index = chunk
        while index < inputs.count {
            local.append((index, transform(inputs[index])))
            index += chunkCount
        }
        results.withLock { stored in
            for (index, output) in local { stored[index] = output }
        }
    }
    return results.withLock { stored in stored.compactMap { $0 } }
}
