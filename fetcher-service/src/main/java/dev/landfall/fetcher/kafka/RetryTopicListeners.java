package dev.landfall.fetcher.kafka;

import dev.landfall.fetcher.retry.RetryDelivery;
import dev.landfall.fetcher.retry.RetryTopics;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * One single-record container per retry topic. Separate containers because a record that is not yet due pauses its
 * consumer ({@code nack(sleep)} pauses and keeps polling, so a 5-minute delay never exceeds the poll interval); a
 * shared consumer would hold the short delays behind the long ones. The listener is a thin adapter to
 * {@link RetryDelivery}.
 */
@Component
class RetryTopicListeners implements SmartLifecycle {

    private final List<ConcurrentMessageListenerContainer<String, byte[]>> containers = new ArrayList<>();
    private volatile boolean running;

    RetryTopicListeners(@Qualifier("fetcherRetryListenerContainerFactory") ConcurrentKafkaListenerContainerFactory<String, byte[]> factory,
                        RetryTopics topics, RetryDelivery delivery) {
        for (String topic : topics.names()) {
            ConcurrentMessageListenerContainer<String, byte[]> container = factory.createContainer(topic);
            container.setBeanName("landfall-fetcher-" + topic);
            container.getContainerProperties().setMessageListener((AcknowledgingMessageListener<String, byte[]>) (record, ack) ->
                    delivery.handle(Records.inbound(record)).ifPresentOrElse(ack::nack, ack::acknowledge));
            containers.add(container);
        }
    }

    @Override
    public void start() {
        containers.forEach(ConcurrentMessageListenerContainer::start);
        running = true;
    }

    @Override
    public void stop() {
        containers.forEach(ConcurrentMessageListenerContainer::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
