/// The pending deliveries, grouped into one lane per target, and the delivery counters.
///
/// Why lanes: a target that hangs or refuses must not hold up the others. Each lane has at most
/// one delivery in flight, so a dead endpoint occupies one of the notifier's few concurrent
/// slots, never all of them. Among lanes, the oldest ready delivery goes first. A delivery
/// waiting for its retry stays in its lane (keeping its age for the queue limit) while the
/// deliveries behind it go ahead. Pure bookkeeping, no clock or I/O: the notifier passes `now`.
struct DeliveryQueue {
    private struct Lane {
        var items = LaneQueue()
        /// The delivery of this lane being attempted; it stays in `items` meanwhile.
        var inFlight: UInt64?
    }

    /// What became of an attempt.
    enum Outcome {
        case delivered
        case failed
        case retry(at: ContinuousClock.Instant)
    }

    let limit: Int
    private var lanes: [String: Lane] = [:]
    private var nextID: UInt64 = 0
    /// Deliveries waiting (for a slot or for their retry time), not counting those in flight.
    private(set) var queued = 0
    private(set) var inFlight = 0
    private(set) var delivered = 0
    private(set) var failed = 0
    private(set) var dropped = 0

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    var isIdle: Bool { queued == 0 && inFlight == 0 }

    /// Adds a delivery; returns those dropped (the oldest waiting ones) to stay within the limit.
    mutating func enqueue(_ event: NotificationEvent, to target: Delivery.Target) -> [Delivery] {
        nextID += 1
        let delivery = Delivery(id: nextID, event: event, target: target)
        lanes[delivery.laneKey, default: Lane()].items.append(delivery)
        queued += 1
        return enforceLimit()
    }

    /// Marks up to `slots` ready deliveries in flight, oldest first, one per lane. Also returns the
    /// earliest retry time among the lanes that had nothing ready, for the caller to sleep until.
    mutating func takeReady(now: ContinuousClock.Instant, slots: Int)
        -> (ready: [Delivery], nextRetry: ContinuousClock.Instant?)
    {
        guard slots > 0 else { return ([], nil) }
        var candidates: [(key: String, position: Int, id: UInt64)] = []
        var nextRetry: ContinuousClock.Instant?
        for (key, lane) in lanes where lane.inFlight == nil {
            for position in 0..<lane.items.count {
                let item = lane.items[position]
                if let notBefore = item.notBefore, notBefore > now {
                    nextRetry = min(nextRetry ?? notBefore, notBefore)
                    continue
                }
                candidates.append((key, position, item.id))
                break
            }
        }
        candidates.sort { $0.id < $1.id }
        var ready: [Delivery] = []
        for candidate in candidates.prefix(slots) {
            lanes[candidate.key]!.items[candidate.position].attempt += 1
            lanes[candidate.key]!.inFlight = candidate.id
            ready.append(lanes[candidate.key]!.items[candidate.position])
        }
        queued -= ready.count
        inFlight += ready.count
        return (ready, nextRetry)
    }

    /// Records what became of an in-flight delivery; returns any dropped by a retry re-entering
    /// a full queue.
    mutating func finish(_ delivery: Delivery, _ outcome: Outcome) -> [Delivery] {
        let key = delivery.laneKey
        // The lane is changed in place through `lanes[key]!`: a local copy would make the
        // change copy the lane's whole storage.
        guard lanes[key]?.inFlight == delivery.id,
              let position = lanes[key]?.items.position(of: delivery.id) else { return [] }
        lanes[key]!.inFlight = nil
        inFlight -= 1
        switch outcome {
        case .delivered:
            lanes[key]!.items.remove(at: position)
            delivered += 1
        case .failed:
            lanes[key]!.items.remove(at: position)
            failed += 1
        case .retry(let instant):
            lanes[key]!.items[position].notBefore = instant
            queued += 1
        }
        if lanes[key]!.items.isEmpty { lanes[key] = nil }
        return enforceLimit()
    }

    private mutating func enforceLimit() -> [Delivery] {
        var removed: [Delivery] = []
        while queued > limit, let victim = dropOldestWaiting() {
            removed.append(victim)
        }
        return removed
    }

    /// Removes the oldest delivery that is not in flight. Only the first two items of a lane
    /// can be it: the in-flight one is skipped.
    private mutating func dropOldestWaiting() -> Delivery? {
        var oldest: (key: String, position: Int, id: UInt64)?
        for (key, lane) in lanes {
            for position in 0..<min(2, lane.items.count) where lane.items[position].id != lane.inFlight {
                let id = lane.items[position].id
                if oldest == nil || id < oldest!.id { oldest = (key, position, id) }
                break
            }
        }
        guard let oldest else { return nil }
        let victim = lanes[oldest.key]!.items.remove(at: oldest.position)
        if lanes[oldest.key]!.items.isEmpty { lanes[oldest.key] = nil }
        queued -= 1
        dropped += 1
        return victim
    }
}
