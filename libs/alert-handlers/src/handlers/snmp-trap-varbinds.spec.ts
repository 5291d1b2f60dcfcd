import { SNMP_TAG, SnmpValueError, counter64Bytes, snmpVariable } from './snmp-trap-varbinds';

describe('snmp trap variables', () => {
  it("turns each type letter into its SNMP type, as Kapacitor's snmptrap service and snmptrap(1) read them", () => {
    expect(snmpVariable('1.2.1', 'c', '1')).toEqual({ oid: '1.2.1', type: SNMP_TAG.Counter64, value: Buffer.from([1]) });
    expect(snmpVariable('1.2.2', 'i', '-50')).toEqual({ oid: '1.2.2', type: SNMP_TAG.Integer, value: -50 });
    expect(snmpVariable('1.2.3', 'n', 'ignored')).toEqual({ oid: '1.2.3', type: SNMP_TAG.Null, value: null });
    expect(snmpVariable('1.2.4', 's', 'cpu is CRITICAL')).toEqual({ oid: '1.2.4', type: SNMP_TAG.OctetString, value: Buffer.from('cpu is CRITICAL') });
    expect(snmpVariable('1.2.5', 't', '20000')).toEqual({ oid: '1.2.5', type: SNMP_TAG.TimeTicks, value: 20000 });
    expect(snmpVariable('1.2.6', 'a', '10.0.0.1')).toEqual({ oid: '1.2.6', type: SNMP_TAG.IpAddress, value: '10.0.0.1' });
    expect(snmpVariable('1.2.7', 'd', '10 0 0 1')).toEqual({ oid: '1.2.7', type: SNMP_TAG.OctetString, value: Buffer.from([10, 0, 0, 1]) });
    expect(snmpVariable('1.2.8', 'u', '4294967295')).toEqual({ oid: '1.2.8', type: SNMP_TAG.Gauge, value: 4294967295 });
  });

  it('writes a Counter64 in the fewest bytes, with a zero byte before a set top bit', () => {
    expect(counter64Bytes(0n)).toEqual(Buffer.from([0]));
    expect(counter64Bytes(127n)).toEqual(Buffer.from([0x7f]));
    expect(counter64Bytes(128n)).toEqual(Buffer.from([0x00, 0x80]));
    expect(counter64Bytes(65535n)).toEqual(Buffer.from([0x00, 0xff, 0xff]));
    expect(counter64Bytes(2n ** 64n - 1n)).toEqual(Buffer.from([0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
  });

  it('refuses a value that does not fit its type, naming the OID', () => {
    const refused = (type: string, value: string) => () => snmpVariable('1.3.6.1.4.1.1.7', type, value);
    expect(refused('c', '3.5')).toThrow(/for 1\.3\.6\.1\.4\.1\.1\.7 must be a whole number, got "3\.5"/);
    expect(refused('c', '-1')).toThrow(SnmpValueError);
    expect(refused('c', '18446744073709551616')).toThrow(/between 0 and 18446744073709551615/);
    expect(refused('i', '2147483648')).toThrow(/Integer32/);
    expect(refused('t', '-1')).toThrow(/TimeTicks/);
    expect(refused('u', '4294967296')).toThrow(/Unsigned32/);
    expect(refused('a', '10.0.0')).toThrow(/4 octets/);
    expect(refused('a', '10.0.0.256')).toThrow(/octet/);
    expect(refused('d', '1 2 x')).toThrow(/octet/);
    expect(refused('x', 'ff')).toThrow(/unsupported data type "x"/);
  });
});
