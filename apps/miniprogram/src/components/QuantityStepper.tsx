import { MAX_LINE_QUANTITY } from '@minipay/contracts'
import { Button, Text, View } from '@tarojs/components'
import { t } from '../i18n'

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
    <View className="stepper" id={id}>
      <Button
        className="stepper__btn"
        size="mini"
        data-action="decrease"
        aria-label={t('stepper.decrease', { name: label })}
        onClick={() => onChange(value - 1)}
      >
        −
      </Button>
      <Text className="stepper__value">{value}</Text>
      <Button
        className="stepper__btn"
        size="mini"
        data-action="increase"
        aria-label={t('stepper.increase', { name: label })}
        disabled={value >= MAX_LINE_QUANTITY || undefined}
        onClick={() => onChange(value + 1)}
      >
        +
      </Button>
    </View>
  )
}
