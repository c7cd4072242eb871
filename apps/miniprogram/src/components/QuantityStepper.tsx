import { MAX_LINE_QUANTITY } from '@minipay/contracts'
import { Button, Text, View } from '@tarojs/components'

export function QuantityStepper({
  value,
  onChange,
  label,
  id,
}: {
  value: number
  onChange: (next: number) => void
  /** Names the product for screen readers and tests: "Decrease Green tea". */
  label: string
  id?: string
}) {
  return (
    <View className='stepper' id={id}>
      <Button className='stepper__btn' size='mini' aria-label={`Decrease ${label}`} onClick={() => onChange(value - 1)}>
        −
      </Button>
      <Text className='stepper__value'>{value}</Text>
      <Button
        className='stepper__btn'
        size='mini'
        aria-label={`Increase ${label}`}
        disabled={value >= MAX_LINE_QUANTITY || undefined}
        onClick={() => onChange(value + 1)}
      >
        +
      </Button>
    </View>
  )
}
